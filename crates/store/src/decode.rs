//! Reading enum columns into their domain types. A row field decodes through
//! `#[sqlx(try_from = "crate::decode::Checked<domain::…::Kind>")]` (or `CheckedOpt` for a
//! nullable column): the value is read as text and converted with the `TryFrom<String>` every
//! domain enum has, inside sqlx's decoding, so an unknown value is an error carrying the column
//! — which [`StoreError`](crate::StoreError) turns into `Corrupt` naming table, column and
//! value — and never another state.
//!
//! (The check sits in `Decode` rather than in the `TryFrom` step of the derive because sqlx
//! erases a `TryFrom` error to "unprintable error"; the domain crate stays free of sqlx.)

use domain::UnknownValue;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};

/// A `NOT NULL` text column checked against a domain enum.
pub struct Checked<T>(T);

/// A nullable text column checked against a domain enum.
pub struct CheckedOpt<T>(Option<T>);

macro_rules! text_type {
    ($w:ident) => {
        impl<DB: Database, T> Type<DB> for $w<T>
        where
            String: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <String as Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as Type<DB>>::compatible(ty)
            }
        }
    };
}
text_type!(Checked);
text_type!(CheckedOpt);

impl<'r, DB: Database, T: TryFrom<String, Error = UnknownValue>> Decode<'r, DB> for Checked<T>
where
    String: Decode<'r, DB>,
{
    fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Checked(T::try_from(<String as Decode<'r, DB>>::decode(value)?)?))
    }
}

impl<'r, DB: Database, T: TryFrom<String, Error = UnknownValue>> Decode<'r, DB> for CheckedOpt<T>
where
    Option<String>: Decode<'r, DB>,
{
    fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <Option<String> as Decode<'r, DB>>::decode(value)?;
        Ok(CheckedOpt(text.map(T::try_from).transpose()?))
    }
}

/// The same check for a row read as JSON ([`crate::sql::fetch_json`]): the text, converted
/// with the enum's `TryFrom<String>`; an unknown value fails the read.
impl<'de, T: TryFrom<String, Error = UnknownValue>> serde::Deserialize<'de> for Checked<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        T::try_from(text).map(Checked).map_err(serde::de::Error::custom)
    }
}

/// A boolean column read as JSON: SQLite's document holds 0 or 1, PostgreSQL's rows `true` or
/// `false`; anything else fails the read.
pub struct Flag(pub bool);

impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a boolean, 0 or 1")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Flag, E> {
                match v {
                    0 => Ok(Flag(false)),
                    1 => Ok(Flag(true)),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Flag, E> {
                match u64::try_from(v) {
                    Ok(u) => self.visit_u64(u),
                    Err(_) => Err(E::invalid_value(serde::de::Unexpected::Signed(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// The (infallible) last step of the derive, per enum: the check already happened.
macro_rules! unwrap_checked {
    ($($t:ty),* $(,)?) => {$(
        impl From<Checked<$t>> for $t {
            fn from(c: Checked<$t>) -> Self {
                c.0
            }
        }
        impl From<CheckedOpt<$t>> for Option<$t> {
            fn from(c: CheckedOpt<$t>) -> Self {
                c.0
            }
        }
    )*};
}

unwrap_checked!(
    domain::action::ActionStatus,
    domain::action::BudgetSource,
    domain::agreement::AgreementKind,
    domain::agreement::AgreementStatus,
    domain::agreement::DocumentKind,
    domain::agreement::MeetingRole,
    domain::coverage::AchievementSource,
    domain::coverage::Derived,
    domain::coverage::Direction,
    domain::coverage::Program,
    domain::coverage::SasaranKind,
    domain::coverage::SasaranSource,
    domain::coverage::Unit,
    domain::meeting::ForumKind,
    domain::pkp::PkpStatus,
    domain::meeting::MeetingLevel,
    domain::meeting::MeetingStatus,
    domain::meeting::OrgRole,
    domain::meeting::Rsvp,
    domain::nutrition::LengthPosition,
    domain::nutrition::MeasurementSource,
    domain::nutrition::Sex2,
    domain::nutrition::Stratum,
    domain::org::OrgKind,
    domain::org::Sector,
    domain::person::PositionKind,
    domain::plan::Fund,
    domain::plan::MonthStatus,
    domain::plan::PlanKind,
    domain::plan::PlanStatus,
    domain::problem::CauseCategory,
    domain::problem::PriorityMethod,
    domain::problem::ProblemCategory,
    domain::region::RegionKind,
    domain::sync::SyncKind,
    domain::notice::NoticeKind,
    domain::notice::MailStatus,
    domain::user::Role,
);
