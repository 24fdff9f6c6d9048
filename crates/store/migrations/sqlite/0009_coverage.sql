-- Coverage monitoring (issue 13): the indicator catalogue in versions, the sasaran (target
-- population) of each desa and year, the yearly target of each Puskesmas and indicator with
-- the district's lock, and the monthly achievements of each desa and indicator; which
-- Puskesmas reported which month and when.
-- Keep in step with ../postgres/0009_coverage.sql.

CREATE TABLE indicator_codes (
    code TEXT PRIMARY KEY NOT NULL
);

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT NOT NULL REFERENCES indicator_codes (code),
    version TEXT NOT NULL,
    name_id TEXT NOT NULL,
    name_en TEXT NOT NULL,
    program TEXT NOT NULL,
    cluster BIGINT NOT NULL,
    spm BIGINT,
    numerator TEXT NOT NULL,
    denominator TEXT NOT NULL,
    unit TEXT NOT NULL,
    direction TEXT NOT NULL,
    sasaran TEXT,
    target DOUBLE PRECISION,
    derived TEXT,
    legal_basis TEXT NOT NULL,
    valid_from DATE NOT NULL,
    valid_to DATE,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX indicators_code_version_uidx ON indicators (code, version);

CREATE TABLE sasaran_ratios (
    kind TEXT PRIMARY KEY NOT NULL,
    ratio DOUBLE PRECISION NOT NULL,
    basis TEXT NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE sasaran (
    desa_code TEXT NOT NULL REFERENCES regions (code),
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    source TEXT NOT NULL,
    updated_by TEXT,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (desa_code, year, kind)
);
CREATE INDEX sasaran_year_kind_idx ON sasaran (year, kind);

CREATE TABLE coverage_targets (
    puskesmas_id BIGINT NOT NULL REFERENCES organizations (id),
    year BIGINT NOT NULL,
    indicator_code TEXT NOT NULL REFERENCES indicator_codes (code),
    target DOUBLE PRECISION NOT NULL,
    updated_by TEXT,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (puskesmas_id, year, indicator_code)
);

CREATE TABLE target_locks (
    region_code TEXT NOT NULL REFERENCES regions (code),
    year BIGINT NOT NULL,
    locked_by TEXT,
    locked_at DATETIME NOT NULL,
    PRIMARY KEY (region_code, year)
);

CREATE TABLE achievements (
    indicator_code TEXT NOT NULL REFERENCES indicator_codes (code),
    desa_code TEXT NOT NULL REFERENCES regions (code),
    month DATE NOT NULL,
    numerator DOUBLE PRECISION NOT NULL,
    denominator DOUBLE PRECISION,
    puskesmas_id BIGINT NOT NULL REFERENCES organizations (id),
    source TEXT NOT NULL,
    updated_by TEXT,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (indicator_code, desa_code, month)
);
CREATE INDEX achievements_puskesmas_month_idx ON achievements (puskesmas_id, month);
CREATE INDEX achievements_desa_month_idx ON achievements (desa_code, month);

CREATE TABLE coverage_reports (
    puskesmas_id BIGINT NOT NULL REFERENCES organizations (id),
    month DATE NOT NULL,
    first_at DATETIME NOT NULL,
    last_at DATETIME NOT NULL,
    PRIMARY KEY (puskesmas_id, month)
);

-- A problem raised from the PWS names its indicator and the month it was read from (its desa
-- is the problem's region_code); a proposal the host dismisses keeps its reason.
ALTER TABLE problems ADD COLUMN indicator_code TEXT REFERENCES indicator_codes (code);
ALTER TABLE problems ADD COLUMN period DATE;
CREATE INDEX problems_indicator_code_idx ON problems (indicator_code, region_code);

CREATE TABLE pws_dismissals (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    indicator_code TEXT NOT NULL REFERENCES indicator_codes (code),
    desa_code TEXT NOT NULL REFERENCES regions (code),
    period DATE NOT NULL,
    reason TEXT NOT NULL,
    dismissed_by TEXT,
    dismissed_at DATETIME NOT NULL,
    PRIMARY KEY (meeting_id, indicator_code, desa_code)
);
