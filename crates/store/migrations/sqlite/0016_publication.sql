-- Public figures (issue 16): what a district publishes on /publik and its small-cell
-- thresholds. No row: stunting only, at least 10 children measured and 5 cases per cell.
-- Keep in step with ../postgres/0016_publication.sql.

CREATE TABLE publication_settings (
    district_code TEXT PRIMARY KEY REFERENCES regions (code),
    stunting BOOLEAN NOT NULL,
    wasting BOOLEAN NOT NULL,
    underweight BOOLEAN NOT NULL,
    min_measured BIGINT NOT NULL,
    min_cases BIGINT NOT NULL,
    updated_by TEXT,
    updated_at DATETIME NOT NULL
);

-- Coverage indicators a district publishes (their aggregate capaian only).
CREATE TABLE publication_indicators (
    district_code TEXT NOT NULL REFERENCES regions (code),
    indicator_code TEXT NOT NULL REFERENCES indicator_codes (code),
    PRIMARY KEY (district_code, indicator_code)
);
