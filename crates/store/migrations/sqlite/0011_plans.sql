-- Puskesmas plans (issue 13, item 7): the RUK (proposals for the next year) and the RPK/POA
-- (this year's plan by month), one per Puskesmas, year and kind; their activities with the
-- programmes and the organisations of other sectors that take part, the months scheduled (a
-- 12-bit mask, bit m-1 for month m), and what happened in each month of an RPK activity.
-- Keep in step with ../postgres/0011_plans.sql.

CREATE TABLE plans (
    id INTEGER PRIMARY KEY NOT NULL,
    puskesmas_id BIGINT NOT NULL REFERENCES organizations (id),
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_by TEXT,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX plans_puskesmas_year_kind_uidx ON plans (puskesmas_id, year, kind);

CREATE TABLE plan_activities (
    id INTEGER PRIMARY KEY NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    program TEXT,
    cluster BIGINT,
    kegiatan TEXT NOT NULL,
    tujuan TEXT NOT NULL,
    sasaran TEXT NOT NULL,
    target DOUBLE PRECISION,
    volume DOUBLE PRECISION,
    unit TEXT NOT NULL,
    months BIGINT NOT NULL,
    budget BIGINT,
    fund TEXT,
    indicator_code TEXT REFERENCES indicator_codes (code),
    updated_by TEXT,
    updated_at DATETIME NOT NULL
);
CREATE INDEX plan_activities_plan_idx ON plan_activities (plan_id, position);

CREATE TABLE plan_activity_programs (
    activity_id BIGINT NOT NULL REFERENCES plan_activities (id) ON DELETE CASCADE,
    program TEXT NOT NULL,
    PRIMARY KEY (activity_id, program)
);

CREATE TABLE plan_activity_orgs (
    activity_id BIGINT NOT NULL REFERENCES plan_activities (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (activity_id, org_id)
);
CREATE INDEX plan_activity_orgs_org_idx ON plan_activity_orgs (org_id);

CREATE TABLE plan_months (
    activity_id BIGINT NOT NULL REFERENCES plan_activities (id) ON DELETE CASCADE,
    month BIGINT NOT NULL,
    status TEXT NOT NULL,
    moved_to BIGINT,
    reason TEXT,
    updated_by TEXT,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (activity_id, month)
);
