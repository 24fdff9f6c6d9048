//! E-mail of notices, off unless an SMTP server is configured (`lintas serve --smtp-url`).
//! A use case that invites an organisation or assigns it an action writes the e-mails into
//! `mail_outbox` in its own transaction (so nothing is sent for a change that rolled back,
//! and the request never waits for the mail server); [`run`] — a background task — sends
//! what is due, marks each sent, or tries again later (30 s doubling to an hour, five tries)
//! and then marks it failed with the server's answer. Plain SMTP to a relay (a local MTA or
//! the office's relay): no TLS stack is built in.

use crate::{App, Result};
use domain::notice::{MAIL_ATTEMPTS, mail_retry_secs};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;

/// Where and as whom e-mail is sent.
#[derive(Debug, Clone)]
pub struct MailConfig {
    pub host: String,
    pub port: u16,
    pub from: Mailbox,
    /// How often the outbox is looked at when nothing wakes the sender.
    pub poll: Duration,
}

impl MailConfig {
    /// Reads `smtp://host[:port]` (port 25 by default) and the sender's address.
    pub fn parse(url: &str, from: &str) -> std::result::Result<Self, String> {
        let rest = url
            .trim()
            .strip_prefix("smtp://")
            .ok_or_else(|| format!("{url}: expected smtp://host[:port]"))?;
        let rest = rest.trim_end_matches('/');
        if rest.is_empty() || rest.contains(['@', '/', '?']) {
            return Err(format!("{url}: expected smtp://host[:port]"));
        }
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.is_empty() => (h, p.parse::<u16>().map_err(|_| format!("{url}: bad port {p}"))?),
            _ => (rest, 25),
        };
        let from: Mailbox = from
            .trim()
            .parse()
            .map_err(|e| format!("{from}: not an e-mail address ({e})"))?;
        Ok(Self {
            host: host.trim_start_matches('[').trim_end_matches(']').to_string(),
            port,
            from,
            poll: Duration::from_secs(30),
        })
    }
}

/// The configured sender and the bell that wakes it when a use case has queued e-mail.
pub struct Mailer {
    pub config: MailConfig,
    wake: tokio::sync::Notify,
}

impl Mailer {
    pub fn new(config: MailConfig) -> Arc<Self> {
        Arc::new(Self {
            config,
            wake: tokio::sync::Notify::new(),
        })
    }
    /// Tells the sender that something was queued (after the queuing transaction committed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

fn transport(c: &MailConfig) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(c.host.as_str())
        .port(c.port)
        .timeout(Some(Duration::from_secs(20)))
        .build()
}

/// Sends what is due in the outbox once: the number sent.
pub async fn send_due(app: &App) -> Result<usize> {
    let Some(m) = app.mailer() else {
        return Ok(0);
    };
    let now = app.clock().now();
    let due = {
        let mut tx = app.store.read().await?;
        store::notice::due_mail(&mut tx, now, 50).await?
    };
    let smtp = transport(&m.config);
    let mut sent = 0;
    for mail in due {
        let result = match build(&m.config, &mail) {
            Ok(msg) => smtp.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let mut tx = app.store.write().await?;
        match result {
            Ok(()) => {
                store::notice::mark_sent(&mut tx, mail.id).await?;
                sent += 1;
            }
            Err(e) => {
                let tries = mail.attempts + 1;
                let next = now + chrono::Duration::seconds(mail_retry_secs(tries));
                // A malformed address will not become valid by waiting.
                let give_up = tries >= MAIL_ATTEMPTS || e.starts_with("address:");
                tracing::warn!(mail = mail.id, tries, give_up, "e-mail not sent: {e}");
                store::notice::mark_failed(&mut tx, mail.id, &e, next, give_up).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(sent)
}

fn build(c: &MailConfig, mail: &store::notice::Mail) -> std::result::Result<Message, String> {
    let to: Mailbox = mail.to_addr.parse().map_err(|e| format!("address: {e}"))?;
    Message::builder()
        .from(c.from.clone())
        .to(to)
        .subject(mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|e| format!("address: {e}"))
}

/// The sender: wakes when e-mail is queued or every `poll`, and sends what is due. Runs
/// until the process ends; a database or server error is logged and tried again later.
pub async fn run(app: App) {
    let Some(m) = app.mailer() else {
        return;
    };
    loop {
        if let Err(e) = send_due(&app).await {
            tracing::warn!("e-mail outbox: {e}");
        }
        let _ = tokio::time::timeout(m.config.poll, m.wake.notified()).await;
    }
}

/// Starts [`run`] on the runtime when e-mail is configured.
pub fn spawn(app: &App) -> Option<tokio::task::JoinHandle<()>> {
    app.mailer()?;
    Some(tokio::spawn(run(app.clone())))
}

#[cfg(test)]
mod tests {
    use super::MailConfig;

    #[test]
    fn smtp_urls() {
        let c = MailConfig::parse("smtp://127.0.0.1:2525", "lintas@dinkes.example").ok();
        assert_eq!(c.as_ref().map(|c| (c.host.as_str(), c.port)), Some(("127.0.0.1", 2525)));
        let c = MailConfig::parse("smtp://relay.local", "Lintas <lintas@dinkes.example>").ok();
        assert_eq!(c.map(|c| c.port), Some(25));
        assert!(MailConfig::parse("http://x", "a@b.c").is_err());
        assert!(MailConfig::parse("smtp://u:p@x", "a@b.c").is_err());
        assert!(MailConfig::parse("smtp://x:notaport", "a@b.c").is_err());
        assert!(MailConfig::parse("smtp://x", "not an address").is_err());
    }
}
