//! Closed sets of words stored as text (a kind, a status, a role): one macro makes each an
//! enum with its stored spelling, and the conversions every layer needs.
//!
//! - `as_str` / `Display` give the stored spelling; `parse` reads user input (trimmed) and
//!   answers the validation code `choice.unknown`.
//! - `TryFrom<String>` reads a stored value exactly and fails with [`UnknownValue`], so the
//!   store can decode a column into the type (`#[sqlx(try_from = "String")]`) without this
//!   crate knowing sqlx; a corrupt or newer value is an error, never another state.
//! - serde uses the stored spelling too, so JSON says what the database says.
//! - `PartialEq<&str>` and `AsRef<str>` let templates compare and translate them as text.

/// A stored value that is not one of the type's words: names the type and the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a {kind}")]
pub struct UnknownValue {
    /// The Rust type the value was read into, e.g. `ActionStatus`.
    pub kind: &'static str,
    pub value: String,
}

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $s)] $variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str { match self { $($name::$variant => $s),* } }
            /// Reads a user's choice (trimmed); `choice.unknown` when it is none of ours.
            pub fn parse(s: &str) -> Result<Self, &'static str> {
                match s.trim() { $($s => Ok($name::$variant),)* _ => Err("choice.unknown") }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl TryFrom<String> for $name {
            type Error = $crate::enums::UnknownValue;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                match s.as_str() {
                    $($s => Ok($name::$variant),)*
                    _ => Err($crate::enums::UnknownValue { kind: stringify!($name), value: s }),
                }
            }
        }
        impl std::str::FromStr for $name {
            type Err = &'static str;
            fn from_str(s: &str) -> Result<Self, Self::Err> { Self::parse(s) }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str { self.as_str() }
        }
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool { self.as_str() == *other }
        }
        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool { self.as_str() == other }
        }
    };
}
pub(crate) use str_enum;

#[cfg(test)]
mod tests {
    use crate::action::ActionStatus;
    use crate::nutrition::Sex2;
    use crate::org::OrgKind;

    #[test]
    fn stored_values_decode_exactly_or_fail_naming_type_and_value() {
        for s in ActionStatus::ALL {
            assert_eq!(ActionStatus::try_from(s.as_str().to_string()), Ok(*s));
        }
        let e = ActionStatus::try_from("finished".to_string()).err();
        assert_eq!(
            e.map(|e| e.to_string()),
            Some("\"finished\" is not a ActionStatus".into())
        );
        // Stored text is exact: no trimming, no case folding.
        assert!(ActionStatus::try_from(" done".to_string()).is_err());
        assert!(ActionStatus::try_from("DONE".to_string()).is_err());
    }

    #[test]
    fn json_uses_the_stored_spelling() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::to_string(&OrgKind::Education)?, "\"education_office\"");
        assert_eq!(serde_json::to_string(&Sex2::L)?, "\"L\"");
        assert_eq!(
            serde_json::from_str::<OrgKind>("\"education_office\"")?,
            OrgKind::Education
        );
        Ok(())
    }
}
