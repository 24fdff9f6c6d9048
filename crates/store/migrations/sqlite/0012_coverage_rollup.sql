-- Coverage rollups kept on write (issue 13, speed): the achievements summed per kecamatan and
-- per Puskesmas (over the desa of its wilayah kerja as it stands), per indicator and month.
-- A district's PWS and SPM read ~400 rows of achievement_puskesmas_months instead of ~31,000
-- achievements; a national or provincial SPM reads achievement_kecamatan_months (7,266
-- kecamatan) instead of every desa. store::coverage recomputes the touched (kecamatan or
-- Puskesmas, indicator, month) groups from the achievements in the same transaction as each
-- write, and a Puskesmas's rows when its wilayah kerja is redrawn; a recount test keeps them
-- equal. The denominator is the sum of the monthly denominators (NULL when none was given),
-- as SUM over the achievements gives it.
-- Keep in step with ../postgres/0012_coverage_rollup.sql.

CREATE TABLE achievement_kecamatan_months (
    indicator_code TEXT NOT NULL REFERENCES indicator_codes (code),
    month DATE NOT NULL,
    kecamatan_code TEXT NOT NULL REFERENCES regions (code),
    numerator DOUBLE PRECISION NOT NULL,
    denominator DOUBLE PRECISION,
    PRIMARY KEY (indicator_code, month, kecamatan_code)
);

CREATE TABLE achievement_puskesmas_months (
    puskesmas_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    indicator_code TEXT NOT NULL REFERENCES indicator_codes (code),
    month DATE NOT NULL,
    numerator DOUBLE PRECISION NOT NULL,
    denominator DOUBLE PRECISION,
    PRIMARY KEY (puskesmas_id, indicator_code, month)
);

INSERT INTO achievement_kecamatan_months (indicator_code, month, kecamatan_code, numerator, denominator)
SELECT a.indicator_code, a.month, r.parent_code, SUM(a.numerator), SUM(a.denominator)
FROM achievements a JOIN regions r ON r.code = a.desa_code
WHERE r.parent_code IS NOT NULL
GROUP BY a.indicator_code, a.month, r.parent_code;

INSERT INTO achievement_puskesmas_months (puskesmas_id, indicator_code, month, numerator, denominator)
SELECT w.puskesmas_id, a.indicator_code, a.month, SUM(a.numerator), SUM(a.denominator)
FROM wilayah_kerja w JOIN achievements a ON a.desa_code = w.desa_code
GROUP BY w.puskesmas_id, a.indicator_code, a.month;
