#![doc = include_str!("../README.md")]

pub mod action;
pub mod agreement;
pub mod audit;
pub mod auth;
pub mod children;
pub mod clock;
pub mod coverage;
pub mod day;
pub mod demo;
pub mod effect;
pub mod error;
pub mod files;
pub mod followup;
mod guard;
pub mod import;
pub mod import_jobs;
pub mod mail;
pub mod meeting;
pub mod notice;
pub mod nutrition;
pub mod org;
pub mod person;
pub mod pkp;
pub mod plan;
pub mod posyandu;
pub mod problem;
pub mod proposal;
pub mod publication;
pub mod region;
pub mod scorecard;
pub mod sync;
pub mod user;

pub use clock::Clock;
pub use error::AppError;
pub use store::Store;

use std::sync::Arc;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The application: a store, a clock, and the installation's secret and in-memory guards.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    clock: Clock,
    inner: Arc<Inner>,
    /// The e-mail sender, when an SMTP server is configured (off by default).
    mailer: Option<Arc<mail::Mailer>>,
    /// The address the installation is reached at (`https://lintas.example`), for the links
    /// in e-mails and WhatsApp messages; without it they carry no link.
    public_url: Option<Arc<str>>,
}

struct Inner {
    secret: String,
    limiter: auth::LoginLimiter,
    publication: publication::Caches,
}

impl App {
    /// Migrates the database, loads the region tree on first start, and reads (or creates)
    /// the installation secret.
    pub async fn open(store: Store) -> Result<Self> {
        store.migrate().await?;
        followup::ensure_states(&store).await?;
        region::ensure_loaded(&store).await?;
        coverage::ensure_catalogue(&store).await?;
        let secret = auth::ensure_secret(&store).await?;
        Ok(Self {
            store,
            clock: Clock::System,
            inner: Arc::new(Inner {
                secret,
                limiter: auth::LoginLimiter::default(),
                publication: publication::Caches::default(),
            }),
            mailer: None,
            public_url: None,
        })
    }

    /// The same application reading the time from `clock` (tests fix it).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The same application sending notices by e-mail through `config` (start the sender
    /// with [`mail::spawn`]).
    pub fn with_mail(mut self, config: mail::MailConfig) -> Self {
        self.mailer = Some(mail::Mailer::new(config));
        self
    }

    /// The same application writing links to `url` (its public address) into messages.
    pub fn with_public_url(mut self, url: &str) -> Self {
        let u = url.trim().trim_end_matches('/');
        self.public_url = (!u.is_empty()).then(|| Arc::from(u));
        self
    }

    pub fn mailer(&self) -> Option<&mail::Mailer> {
        self.mailer.as_deref()
    }

    /// An absolute link to `path` (`/meetings/7`), when the public address is known.
    pub fn link(&self, path: &str) -> Option<String> {
        self.public_url.as_ref().map(|u| format!("{u}{path}"))
    }

    /// The clock every use case and page reads "now" and "today" from.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub(crate) fn secret(&self) -> &str {
        &self.inner.secret
    }
    pub(crate) fn limiter(&self) -> &auth::LoginLimiter {
        &self.inner.limiter
    }
    pub(crate) fn publication(&self) -> &publication::Caches {
        &self.inner.publication
    }
}
