//! What the audit log records: every kind of entry is one [`AuditEvent`], an (action, entity)
//! pair with a fixed spelling in the `audit_log` table, so a use case cannot invent a new
//! pair by a typo.

macro_rules! audit_events {
    ($($(#[$m:meta])* $v:ident = ($a:literal, $e:literal)),* $(,)?) => {
        /// One kind of audit entry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditEvent { $($(#[$m])* $v),* }
        impl AuditEvent {
            pub const ALL: &'static [AuditEvent] = &[$(AuditEvent::$v),*];
            /// What was done: `create`, `update`, `delete`, `read`, `login` …
            pub fn action(self) -> &'static str { match self { $(AuditEvent::$v => $a),* } }
            /// To what: `organization`, `meeting_orgs`, `child` …
            pub fn entity(self) -> &'static str { match self { $(AuditEvent::$v => $e),* } }
        }
    };
}

audit_events! {
    // Accounts and sessions
    LoggedIn = ("login", "session"),
    LoginFailed = ("login_failed", "session"),
    UserCreated = ("create", "user"),
    UserUpdated = ("update", "user"),
    ApiTokenCreated = ("create", "api_token"),
    ApiTokenRevoked = ("revoke", "api_token"),
    SettingUpdated = ("update", "setting"),
    DemoCreated = ("create", "demo"),
    // Organisations and people
    OrganizationCreated = ("create", "organization"),
    OrganizationUpdated = ("update", "organization"),
    WilayahKerjaUpdated = ("update", "wilayah_kerja"),
    PersonCreated = ("create", "person"),
    PersonUpdated = ("update", "person"),
    PositionCreated = ("create", "position"),
    PositionUpdated = ("update", "position"),
    // Coordination
    ForumCreated = ("create", "forum"),
    ForumScheduleCreated = ("create", "forum_schedule"),
    ForumMembersUpdated = ("update", "forum_members"),
    MeetingCreated = ("create", "meeting"),
    MeetingUpdated = ("update", "meeting"),
    MeetingOrgsUpdated = ("update", "meeting_orgs"),
    MeetingPeopleUpdated = ("update", "meeting_people"),
    MeetingRsvpUpdated = ("update", "meeting_rsvp"),
    MinutesUpdated = ("update", "minutes"),
    AgendaItemCreated = ("create", "agenda_item"),
    AttendanceCreated = ("create", "attendance"),
    AttendanceDeleted = ("delete", "attendance"),
    AgreementReachedCreated = ("create", "agreement_reached"),
    MeetingFileCreated = ("create", "meeting_file"),
    ProblemCreated = ("create", "problem"),
    ProblemCauseCreated = ("create", "problem_cause"),
    PriorityScoreCreated = ("create", "priority_score"),
    ActionCreated = ("create", "action"),
    ActionUpdated = ("update", "action"),
    /// The host accepted an owner's "done".
    ActionConfirmed = ("confirm", "action"),
    /// The host sent a "done" back to in progress.
    ActionReopened = ("reopen", "action"),
    // Agreements
    AgreementCreated = ("create", "agreement"),
    AgreementUpdated = ("update", "agreement"),
    AgreementFileCreated = ("create", "agreement_file"),
    AgreementMeetingCreated = ("create", "agreement_meeting"),
    AgreementMeetingDeleted = ("delete", "agreement_meeting"),
    AgreementObligationCreated = ("create", "agreement_obligation"),
    AgreementObligationDeleted = ("delete", "agreement_obligation"),
    ObligationActionCreated = ("create", "obligation_action"),
    ObligationActionDeleted = ("delete", "obligation_action"),
    // Nutrition
    ChildCreated = ("create", "child"),
    ChildUpdated = ("update", "child"),
    /// A NIK typed at registration matched a child of another area (nothing of it shown).
    ChildLookedUp = ("lookup", "child"),
    /// A child of another area weighed here (luar wilayah).
    ChildVisited = ("visit", "child"),
    ChildMoved = ("move", "child"),
    ChildListRead = ("read", "child_list"),
    ChildListExported = ("export", "child_list"),
    ChildFollowupCreated = ("create", "child_followup"),
    MeasurementCreated = ("create", "measurement"),
    MeasurementsImported = ("import", "measurement"),
    /// A dry run of an import (nothing stored), with the records it matched.
    MeasurementsImportChecked = ("import_check", "measurement"),
    MeasurementsImportRefused = ("import_refused", "measurement"),
    PosyanduProfileCreated = ("create", "posyandu"),
    PosyanduProfileUpdated = ("update", "posyandu"),
    IndicatorCreated = ("create", "indicator"),
    IndicatorUpdated = ("update", "indicator"),
    SasaranSaved = ("update", "sasaran"),
    SasaranRatioUpdated = ("update", "sasaran_ratio"),
    TargetsSaved = ("update", "coverage_target"),
    TargetsLocked = ("lock", "coverage_target"),
    TargetsUnlocked = ("unlock", "coverage_target"),
    AchievementsSaved = ("update", "achievement"),
    AchievementsImported = ("import", "achievement"),
    ProposalDismissed = ("dismiss", "pws_proposal"),
    PkpSaved = ("update", "pkp"),
    PkpSubmitted = ("submit", "pkp"),
    PkpVerified = ("verify", "pkp"),
    PkpReturned = ("return", "pkp"),
    // Plans (RUK, RPK)
    PlanCreated = ("create", "plan"),
    PlanUpdated = ("update", "plan"),
    PlanCopied = ("copy", "plan"),
    PlanActivityCreated = ("create", "plan_activity"),
    PlanActivityUpdated = ("update", "plan_activity"),
    PlanActivityDeleted = ("delete", "plan_activity"),
    PlanActivitiesSaved = ("replace", "plan_activity"),
    PlanMonthsSaved = ("update", "plan_month"),
    // Notices
    NoticesRead = ("mark_read", "notice"),
    // Public figures
    PublicationSaved = ("update", "publication"),
}

#[cfg(test)]
mod tests {
    use super::AuditEvent;

    #[test]
    fn every_event_is_a_distinct_pair_of_snake_case_words() {
        let mut seen = std::collections::HashSet::new();
        for e in AuditEvent::ALL {
            assert!(seen.insert((e.action(), e.entity())), "{e:?} repeats a pair");
            for w in [e.action(), e.entity()] {
                assert!(w.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{w}");
            }
        }
    }
}
