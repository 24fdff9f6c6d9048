-- PKP (Penilaian Kinerja Puskesmas, issue 13): one assessment per Puskesmas and year, from the
-- Puskesmas's self-assessment to the Dinkes's verification; its coverage worksheet (the
-- figures as they stood when it was last saved or sent, and the words the Puskesmas wrote per
-- indicator), its management checklist (the Puskesmas's score and the Dinkes's), and every
-- step with its feedback.
-- Keep in step with ../postgres/0010_pkp.sql.

CREATE TABLE pkp_assessments (
    id INTEGER PRIMARY KEY NOT NULL,
    puskesmas_id BIGINT NOT NULL REFERENCES organizations (id),
    year BIGINT NOT NULL,
    status TEXT NOT NULL,
    coverage_score DOUBLE PRECISION,
    management_score DOUBLE PRECISION,
    through_month BIGINT NOT NULL,
    feedback TEXT,
    updated_by TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX pkp_assessments_puskesmas_year_uidx ON pkp_assessments (puskesmas_id, year);
CREATE INDEX pkp_assessments_year_idx ON pkp_assessments (year);

CREATE TABLE pkp_rows (
    assessment_id BIGINT NOT NULL REFERENCES pkp_assessments (id) ON DELETE CASCADE,
    indicator_code TEXT NOT NULL REFERENCES indicator_codes (code),
    target DOUBLE PRECISION,
    sasaran DOUBLE PRECISION,
    riil DOUBLE PRECISION NOT NULL,
    percent DOUBLE PRECISION,
    masalah TEXT NOT NULL,
    penyebab TEXT NOT NULL,
    rtl TEXT NOT NULL,
    PRIMARY KEY (assessment_id, indicator_code)
);

CREATE TABLE pkp_scores (
    assessment_id BIGINT NOT NULL REFERENCES pkp_assessments (id) ON DELETE CASCADE,
    item_code TEXT NOT NULL,
    self_score BIGINT,
    verified_score BIGINT,
    evidence TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item_code)
);

CREATE TABLE pkp_steps (
    id INTEGER PRIMARY KEY NOT NULL,
    assessment_id BIGINT NOT NULL REFERENCES pkp_assessments (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    feedback TEXT,
    by_username TEXT,
    at DATETIME NOT NULL
);
CREATE INDEX pkp_steps_assessment_idx ON pkp_steps (assessment_id, at);
