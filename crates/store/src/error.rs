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
    /// A stored value that is not one of its column's words (a corrupt row, or a value written
    /// by a newer Lintas): named by table, column and value, never read as another state.
    #[error("stored value {value:?} in {column} is not a {kind}")]
    Corrupt {
        /// `table.column` where the value is stored (or the column as read, when unknown).
        column: String,
        kind: &'static str,
        value: String,
    },
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
    (
        "child_followups_pkey",
        "child_followups.action_id",
        "child_followups.action_id",
    ),
];

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => return StoreError::NotFound,
            sqlx::Error::ColumnDecode { index, source } => {
                if let Some(u) = source.downcast_ref::<domain::UnknownValue>() {
                    let index = index.trim_matches('"');
                    return StoreError::Corrupt {
                        column: stored_at(index, u.kind).unwrap_or(index).to_string(),
                        kind: u.kind,
                        value: u.value.clone(),
                    };
                }
            }
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

/// Where each enum-typed column that a row struct reads is stored: (the column as the row
/// reads it, the type it decodes into, `table.column`). A test checks that every
/// `#[sqlx(try_from …)]` field of the store's rows is listed here.
pub const STORED_ENUMS: &[(&str, &str, &str)] = &[
    ("kind", "OrgKind", "organizations.kind"),
    ("org_kind", "OrgKind", "organizations.kind"),
    ("sector", "Sector", "organizations.sector"),
    ("owner_sector", "Sector", "organizations.sector"),
    ("role", "Role", "users.role"),
    ("status", "ActionStatus", "actions.status"),
    ("budget_source", "BudgetSource", "actions.budget_source"),
    ("status_from", "ActionStatus", "action_updates.status_from"),
    ("status_to", "ActionStatus", "action_updates.status_to"),
    ("kind", "AgreementKind", "agreements.kind"),
    ("status", "AgreementStatus", "agreements.status"),
    ("status_from", "AgreementStatus", "agreement_transitions.status_from"),
    ("status_to", "AgreementStatus", "agreement_transitions.status_to"),
    ("role", "MeetingRole", "agreement_meetings.role"),
    ("kind", "DocumentKind", "agreement_files.kind"),
    ("kind", "ForumKind", "forums.kind or meetings.kind"),
    ("level", "MeetingLevel", "forums.level or meetings.level"),
    ("status", "MeetingStatus", "meetings.status"),
    ("role", "OrgRole", "meeting_orgs.role"),
    ("rsvp", "Rsvp", "meeting_orgs.rsvp or meeting_people.rsvp"),
    ("kind", "PositionKind", "positions.kind"),
    ("category", "ProblemCategory", "problems.category"),
    ("category", "CauseCategory", "problem_causes.category"),
    ("method", "PriorityMethod", "priority_scores.method"),
    ("kind", "RegionKind", "regions.kind"),
    ("sex", "Sex2", "children.sex"),
    ("position", "LengthPosition", "measurements.position"),
    ("source", "MeasurementSource", "measurements.source"),
    ("stratum", "Stratum", "posyandu_years.stratum"),
    (
        "program",
        "Program",
        "indicators.program or plan_activities.program or plan_activity_programs.program",
    ),
    ("unit", "Unit", "indicators.unit"),
    ("direction", "Direction", "indicators.direction"),
    ("sasaran", "SasaranKind", "indicators.sasaran"),
    ("derived", "Derived", "indicators.derived"),
    ("kind", "SasaranKind", "sasaran.kind or sasaran_ratios.kind"),
    ("source", "SasaranSource", "sasaran.source"),
    ("source", "AchievementSource", "achievements.source"),
    ("status", "PkpStatus", "pkp_assessments.status or pkp_steps.status"),
    ("kind", "PlanKind", "plans.kind"),
    ("status", "PlanStatus", "plans.status"),
    ("fund", "Fund", "plan_activities.fund"),
    ("status", "MonthStatus", "plan_months.status"),
    ("kind", "SyncKind", "sync_entries.kind"),
    ("kind", "NoticeKind", "notice_reads.kind or mail_outbox.kind"),
    ("status", "MailStatus", "mail_outbox.status"),
    ("position", "PositionKind", "positions.kind"),
];

fn stored_at(column: &str, kind: &str) -> Option<&'static str> {
    STORED_ENUMS.iter().find(|e| e.0 == column && e.1 == kind).map(|e| e.2)
}

#[cfg(test)]
mod tests {
    use super::STORED_ENUMS;

    /// Every row field decoded into a domain enum is listed in [`STORED_ENUMS`], so an unknown
    /// stored value is reported with its table; and every listed table exists in a migration.
    #[test]
    fn every_enum_column_read_by_a_row_is_registered() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut found = 0;
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}")) {
            let path = entry.map(|e| e.path()).unwrap_or_default();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                if !line.trim_start().starts_with("#[sqlx(try_from") {
                    continue;
                }
                let field = lines.next().unwrap_or_default().trim();
                let (name, ty) = field
                    .trim_start_matches("pub ")
                    .trim_end_matches(',')
                    .split_once(": ")
                    .unwrap_or_else(|| panic!("{}: {field}", path.display()));
                let kind = ty.trim_start_matches("Option<").trim_end_matches('>');
                let kind = kind.rsplit("::").next().unwrap_or(kind);
                assert!(
                    STORED_ENUMS.iter().any(|e| e.0 == name && e.1 == kind),
                    "{}: ({name:?}, {kind:?}) is missing from STORED_ENUMS",
                    path.display()
                );
                found += 1;
            }
        }
        assert!(found >= 30, "only {found} typed enum columns found");
        let schema = include_str!("../migrations/sqlite/0001_foundation.sql").to_string()
            + include_str!("../migrations/sqlite/0002_coordination.sql")
            + include_str!("../migrations/sqlite/0003_meeting_people.sql")
            + include_str!("../migrations/sqlite/0004_agreements.sql")
            + include_str!("../migrations/sqlite/0005_nutrition.sql")
            + include_str!("../migrations/sqlite/0006_followup.sql")
            + include_str!("../migrations/sqlite/0007_posyandu_years.sql")
            + include_str!("../migrations/sqlite/0008_security.sql")
            + include_str!("../migrations/sqlite/0009_coverage.sql")
            + include_str!("../migrations/sqlite/0010_pkp.sql")
            + include_str!("../migrations/sqlite/0011_plans.sql")
            + include_str!("../migrations/sqlite/0012_coverage_rollup.sql")
            + include_str!("../migrations/sqlite/0013_sync.sql")
            + include_str!("../migrations/sqlite/0015_notices.sql");
        for (_, _, at) in STORED_ENUMS {
            for place in at.split(" or ") {
                let (table, column) = place.split_once('.').unwrap_or_default();
                let start = schema
                    .find(&format!("CREATE TABLE {table} ("))
                    .unwrap_or_else(|| panic!("no table {table}"));
                let body = &schema[start..];
                let body = &body[..body.find(");").unwrap_or(body.len())];
                assert!(body.contains(&format!("\n    {column} ")), "no column {place}");
            }
        }
    }
}
