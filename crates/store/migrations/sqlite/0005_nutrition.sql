-- Nutrition: Posyandu profiles, children, measurements with their WHO scores, and the
-- monthly tally of each Posyandu (SKDN and nutrition status) kept current on every write.
-- Keep in step with ../postgres/0005_nutrition.sql.

CREATE TABLE posyandu_profiles (
    org_id BIGINT PRIMARY KEY NOT NULL REFERENCES organizations (id),
    address TEXT,
    rt TEXT,
    rw TEXT,
    schedule_day BIGINT,
    services TEXT NOT NULL,
    dana_sehat DOUBLE PRECISION,
    updated_at DATETIME NOT NULL
);

CREATE TABLE children (
    id INTEGER PRIMARY KEY NOT NULL,
    nik TEXT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_date DATE NOT NULL,
    birth_weight DOUBLE PRECISION,
    birth_length DOUBLE PRECISION,
    mother_name TEXT,
    mother_key TEXT,
    mother_nik TEXT,
    kk_number TEXT,
    posyandu_id BIGINT NOT NULL REFERENCES organizations (id),
    desa_code TEXT NOT NULL REFERENCES regions (code),
    rt TEXT,
    rw TEXT,
    address TEXT,
    has_kia BOOLEAN NOT NULL,
    merged_into BIGINT REFERENCES children (id),
    created_by TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX children_nik_uidx ON children (nik);
CREATE INDEX children_posyandu_id_idx ON children (posyandu_id, birth_date);
CREATE INDEX children_desa_code_idx ON children (desa_code);
CREATE INDEX children_name_key_idx ON children (name_key, birth_date);

CREATE TABLE measurements (
    id INTEGER PRIMARY KEY NOT NULL,
    child_id BIGINT NOT NULL REFERENCES children (id),
    posyandu_id BIGINT NOT NULL REFERENCES organizations (id),
    desa_code TEXT NOT NULL REFERENCES regions (code),
    measured_on DATE NOT NULL,
    month DATE NOT NULL,
    age_days BIGINT NOT NULL,
    weight DOUBLE PRECISION,
    height DOUBLE PRECISION,
    position TEXT,
    oedema BOOLEAN NOT NULL,
    muac DOUBLE PRECISION,
    head DOUBLE PRECISION,
    haz DOUBLE PRECISION,
    waz DOUBLE PRECISION,
    whz DOUBLE PRECISION,
    bmiz DOUBLE PRECISION,
    haz_flag BOOLEAN NOT NULL,
    waz_flag BOOLEAN NOT NULL,
    whz_flag BOOLEAN NOT NULL,
    source TEXT NOT NULL,
    created_by TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX measurements_child_day_uidx ON measurements (child_id, measured_on);
CREATE INDEX measurements_posyandu_month_idx ON measurements (posyandu_id, month);

CREATE TABLE nutrition_months (
    posyandu_id BIGINT NOT NULL REFERENCES organizations (id),
    month DATE NOT NULL,
    desa_code TEXT NOT NULL REFERENCES regions (code),
    s BIGINT NOT NULL,
    k BIGINT NOT NULL,
    d BIGINT NOT NULL,
    n BIGINT NOT NULL,
    t BIGINT NOT NULL,
    o BIGINT NOT NULL,
    b BIGINT NOT NULL,
    bgm BIGINT NOT NULL,
    haz_n BIGINT NOT NULL,
    stunted BIGINT NOT NULL,
    severely_stunted BIGINT NOT NULL,
    whz_n BIGINT NOT NULL,
    wasted BIGINT NOT NULL,
    severely_wasted BIGINT NOT NULL,
    overweight BIGINT NOT NULL,
    waz_n BIGINT NOT NULL,
    underweight BIGINT NOT NULL,
    severely_underweight BIGINT NOT NULL,
    measured BIGINT NOT NULL,
    flagged BIGINT NOT NULL,
    updated_at DATETIME NOT NULL,
    PRIMARY KEY (posyandu_id, month)
);
CREATE INDEX nutrition_months_month_desa_idx ON nutrition_months (month, desa_code);
