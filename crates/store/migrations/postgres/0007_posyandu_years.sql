-- Posyandu registry: one record per Posyandu and year with its stratum and the inputs it was
-- computed from. Services and dana sehat are kept as they were declared for that year, so a
-- later change of the profile does not rewrite an earlier year's stratum; sessions, active
-- kader and coverage follow that year's records and are refreshed when they change.
-- Keep in step with ../sqlite/0007_posyandu_years.sql.

CREATE TABLE posyandu_years (
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    year BIGINT NOT NULL,
    services TEXT NOT NULL,
    dana_sehat DOUBLE PRECISION,
    sessions BIGINT NOT NULL,
    active_kader BIGINT NOT NULL,
    coverage DOUBLE PRECISION,
    stratum TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX posyandu_years_org_year_uidx ON posyandu_years (org_id, year);
