//! Store errors. A violated unique or foreign-key constraint becomes [`StoreError::Conflict`]
//! with a stable name (`organizations.code`), so the web layer can put the message beside the
//! right form field on both backends.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict on {0}")]
    Conflict(&'static str),
    #[error("database error: {0}")]
    Db(sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("io error: {0}")]
    Io(String),
    /// What this backend does not do (generated national-scale data on SQLite).
    #[error("not supported on this database: {0}")]
    Unsupported(&'static str),
}

/// Constraint names as PostgreSQL reports them, and the SQLite message fragments for the same
/// constraint, mapped to one stable name.
const CONSTRAINTS: &[(&str, &str, &str)] = &[
    ("organizations_code_key", "organizations.code", "organizations.code"),
    (
        "org_identifiers_system_value_key",
        "org_identifiers.system, org_identifiers.value",
        "org_identifiers.value",
    ),
    (
        "org_identifiers_pkey",
        "org_identifiers.org_id, org_identifiers.system",
        "org_identifiers.system",
    ),
    (
        "wilayah_kerja_pkey",
        "wilayah_kerja.desa_code",
        "wilayah_kerja.desa_code",
    ),
    ("people_nik_key", "people.nik", "people.nik"),
    ("users_username_key", "users.username", "users.username"),
    (
        "api_tokens_token_hash_key",
        "api_tokens.token_hash",
        "api_tokens.token_hash",
    ),
    ("regions_pkey", "regions.code", "regions.code"),
];

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => return StoreError::NotFound,
            sqlx::Error::Database(db) => {
                if db.is_foreign_key_violation() {
                    return StoreError::Conflict("foreign_key");
                }
                if db.is_unique_violation() {
                    let msg = db.message();
                    let by_name = db.constraint().and_then(|c| CONSTRAINTS.iter().find(|k| k.0 == c));
                    let by_msg = CONSTRAINTS.iter().find(|k| msg.ends_with(k.1));
                    if let Some(k) = by_name.or(by_msg) {
                        return StoreError::Conflict(k.2);
                    }
                    return StoreError::Conflict("unique");
                }
            }
            _ => {}
        }
        StoreError::Db(e)
    }
}
