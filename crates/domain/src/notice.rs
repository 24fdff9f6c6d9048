//! Notices: what concerns an account, derived from the records (an invitation to an upcoming
//! meeting, an action newly assigned to its organisation, due within a week, overdue, a
//! partner's "done" waiting for the host's confirmation); the messages sent about them — a
//! WhatsApp link the user sends themself (`wa.me`, no service behind it) and, when an SMTP
//! server is configured, an e-mail. Pure: the texts come from the text table.

use crate::enums::str_enum;
use crate::i18n::{self, Lang};
use chrono::{Datelike, NaiveDate};

str_enum! {
    /// What a notice is about (`notice_reads.kind`). An action may be the subject of several
    /// in turn (assigned, then due soon, then overdue): each is read on its own.
    NoticeKind {
        Invited = "invited",
        Assigned = "assigned",
        DueSoon = "due_soon",
        Overdue = "overdue",
        Confirm = "confirm",
    }
}

impl NoticeKind {
    /// Most urgent first: overdue, a "done" to confirm, due soon, an invitation, assigned.
    pub fn urgency(self) -> u8 {
        match self {
            NoticeKind::Overdue => 0,
            NoticeKind::Confirm => 1,
            NoticeKind::DueSoon => 2,
            NoticeKind::Invited => 3,
            NoticeKind::Assigned => 4,
        }
    }
    /// The notice names a meeting (its id is a meeting's); every other kind names an action.
    pub fn is_meeting(self) -> bool {
        self == NoticeKind::Invited
    }
}

str_enum! {
    /// The state of an e-mail in the outbox (`mail_outbox.status`).
    MailStatus {
        Pending = "pending",
        Sent = "sent",
        Failed = "failed",
    }
}

/// An action is "due soon" from this many days before its due date.
pub const DUE_SOON_DAYS: i64 = 7;
/// An action assigned within this many days is a notice ("newly assigned") until read.
pub const ASSIGNED_DAYS: i64 = 30;
/// Sending an e-mail is tried this many times before it is marked failed.
pub const MAIL_ATTEMPTS: i64 = 5;

/// The wait before the next try of an e-mail after `attempts` failed ones: 30 s doubling,
/// at most an hour.
pub fn mail_retry_secs(attempts: i64) -> i64 {
    let n = attempts.clamp(1, 8) as u32;
    (30_i64 << (n - 1)).min(3600)
}

/// An Indonesian mobile number as WhatsApp wants it (`628…`, digits only), from the ways
/// people write it: `0812-3456-7890`, `+62 812 3456 7890`, `62812…`, `(0812) 345 6789`,
/// `812…`. Anything else — letters, a landline (no WhatsApp), too short or too long — is
/// `None`.
pub fn wa_number(phone: &str) -> Option<String> {
    let t = phone.trim();
    let (plus, rest) = match t.strip_prefix('+') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let mut digits = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    let national = if let Some(r) = digits.strip_prefix("62") {
        r
    } else if plus {
        return None;
    } else if let Some(r) = digits.strip_prefix('0') {
        r
    } else {
        digits.as_str()
    };
    // Mobile numbers: 8xx, 9 to 12 digits after the country code.
    if national.starts_with('8') && (9..=12).contains(&national.len()) {
        Some(format!("62{national}"))
    } else {
        None
    }
}

/// Percent-encodes text for a URL query (unreserved characters kept, UTF-8 bytes encoded).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The `wa.me` link that opens WhatsApp with `text` written for `number` (from
/// [`wa_number`]); without a number, WhatsApp asks the sender to pick the contact.
pub fn wa_link(number: Option<&str>, text: &str) -> String {
    format!("https://wa.me/{}?text={}", number.unwrap_or(""), percent_encode(text))
}

/// A day as a letter writes it: "Kamis, 12/12/2026" / "Thursday, 12/12/2026".
pub fn day_label(lang: Lang, d: NaiveDate) -> String {
    format!(
        "{}, {}",
        i18n::day_name(lang, d.weekday().number_from_monday()),
        d.format("%d/%m/%Y")
    )
}

/// What an invitation says (WhatsApp and e-mail): to whom, which meeting, when (day, date,
/// time with its zone — WIB, WITA or WIT — when known) and where.
pub struct InvitationText<'a> {
    pub org: &'a str,
    pub title: &'a str,
    pub host: &'a str,
    pub held_on: NaiveDate,
    pub start_time: Option<&'a str>,
    /// WIB, WITA or WIT.
    pub zone: &'a str,
    pub place: Option<&'a str>,
    /// The meeting's page, when the installation knows its public address.
    pub link: Option<&'a str>,
}

impl InvitationText<'_> {
    pub fn message(&self, lang: Lang) -> String {
        let when = match self.start_time {
            Some(t) => i18n::fill(
                lang,
                "notice.msg.when_time",
                &[
                    ("day", &day_label(lang, self.held_on)),
                    ("time", t),
                    ("zone", self.zone),
                ],
            ),
            None => day_label(lang, self.held_on),
        };
        let place = self
            .place
            .map(str::to_string)
            .unwrap_or_else(|| i18n::text(lang, "notice.msg.place_later").to_string());
        let mut s = i18n::fill(
            lang,
            "notice.msg.invitation",
            &[
                ("org", self.org),
                ("title", self.title),
                ("host", self.host),
                ("when", &when),
                ("place", &place),
            ],
        );
        if let Some(l) = self.link {
            s.push('\n');
            s.push_str(l);
        }
        s
    }
    pub fn subject(&self, lang: Lang) -> String {
        i18n::fill(
            lang,
            "notice.mail.invitation_subject",
            &[("title", self.title), ("day", &day_label(lang, self.held_on))],
        )
    }
}

/// What an action's message says: to whom, what, agreed where, by when, and its page.
pub struct ActionText<'a> {
    pub org: &'a str,
    pub what: &'a str,
    pub meeting: &'a str,
    pub due_on: Option<NaiveDate>,
    pub link: Option<&'a str>,
}

impl ActionText<'_> {
    pub fn message(&self, lang: Lang) -> String {
        let due = match self.due_on {
            Some(d) => day_label(lang, d),
            None => i18n::text(lang, "notice.msg.no_due").to_string(),
        };
        let mut s = i18n::fill(
            lang,
            "notice.msg.action",
            &[
                ("org", self.org),
                ("what", self.what),
                ("meeting", self.meeting),
                ("due", &due),
            ],
        );
        if let Some(l) = self.link {
            s.push('\n');
            s.push_str(l);
        }
        s
    }
    pub fn subject(&self, lang: Lang) -> String {
        i18n::fill(lang, "notice.mail.action_subject", &[("what", self.what)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_numbers_in_their_usual_spellings() {
        for p in [
            "0812-3456-7890",
            "+62 812 3456 7890",
            "62812 3456 7890",
            "(0812) 3456.7890",
            "812 3456 7890",
            " 0812 3456 7890 ",
        ] {
            assert_eq!(wa_number(p).as_deref(), Some("6281234567890"), "{p}");
        }
        assert_eq!(wa_number("0852 1234 567").as_deref(), Some("628521234567"));
    }

    #[test]
    fn nonsense_is_refused() {
        for p in [
            "",
            "-",
            "tidak ada",
            "0812-3456-789O",
            "+1 202 555 0100",
            "0745 91234",
            "021-5551234",
            "08123",
            "0812345678901234",
            "+0812 3456 7890",
            "62",
            "0812/3456/7890",
        ] {
            assert_eq!(wa_number(p), None, "{p}");
        }
    }

    #[test]
    fn links_carry_the_text_percent_encoded() {
        assert_eq!(
            wa_link(Some("6281234567890"), "Rapat & RTL: 1/2 selesai?"),
            "https://wa.me/6281234567890?text=Rapat%20%26%20RTL%3A%201%2F2%20selesai%3F"
        );
        assert_eq!(wa_link(None, "é"), "https://wa.me/?text=%C3%A9");
    }

    #[test]
    fn an_invitation_reads_in_indonesian_with_day_time_zone_and_place() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap_or_default();
        let t = InvitationText {
            org: "Polsek Sarolangun",
            title: "Lokmin Tribulanan",
            host: "Puskesmas Sarolangun",
            held_on: d,
            start_time: Some("09:00"),
            zone: "WIB",
            place: Some("Aula Puskesmas"),
            link: Some("https://lintas.example/meetings/7"),
        };
        let m = t.message(Lang::Id);
        assert!(m.contains("Polsek Sarolangun"), "{m}");
        assert!(m.contains("Kamis, 10/12/2026 pukul 09:00 WIB"), "{m}");
        assert!(m.contains("Aula Puskesmas"), "{m}");
        assert!(m.ends_with("https://lintas.example/meetings/7"), "{m}");
        assert!(t.message(Lang::En).contains("Thursday, 10/12/2026 at 09:00 WIB"));
        let no_place = InvitationText {
            place: None,
            start_time: None,
            link: None,
            ..t
        };
        assert!(no_place.message(Lang::Id).contains("menyusul"));
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        assert_eq!(mail_retry_secs(1), 30);
        assert_eq!(mail_retry_secs(2), 60);
        assert_eq!(mail_retry_secs(20), 3600);
    }
}
