//! Entries a phone made without a connection and sends when it has one again (the kader's
//! Posyandu day, issue 14): a measurement or a registration, each under an idempotency key the
//! phone chose, so that an entry sent twice — a retry after a lost answer, a replay — is
//! applied once and answers the first result again.

use crate::enums::str_enum;

str_enum! {
    /// What an entry does.
    SyncKind {
        /// A weighing (and measuring) of a registered child.
        Measurement = "measurement",
        /// A new registration at the kader's Posyandu.
        Child = "child",
    }
}

/// The most entries one request carries (the phone sends small batches).
pub const MAX_ENTRIES: usize = 100;

/// Shortest and longest idempotency key (a `crypto.randomUUID()` has 36 characters).
pub const KEY_LEN: (usize, usize) = (16, 64);

/// Checks an idempotency key: 16 to 64 ASCII letters, digits, `-` or `_` — long enough not
/// to be guessed or repeated by chance, short enough to index. Code `sync.key` otherwise.
pub fn check_key(key: &str) -> Result<&str, &'static str> {
    let ok = (KEY_LEN.0..=KEY_LEN.1).contains(&key.len())
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok { Ok(key) } else { Err("sync.key") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_random_words() {
        assert!(check_key("0b6e4f2a-1c2b-4d33-9e8f-5b6b73d9e2e6").is_ok());
        assert_eq!(check_key("short"), Err("sync.key"));
        assert_eq!(check_key("with space in the middle!!"), Err("sync.key"));
        assert_eq!(check_key(&"k".repeat(65)), Err("sync.key"));
        assert_eq!(SyncKind::parse("child"), Ok(SyncKind::Child));
        assert!(SyncKind::parse("meeting").is_err());
    }
}
