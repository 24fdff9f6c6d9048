-- Foundation: settings, regions, organisations, people, users, sessions, tokens, audit.
-- Keep in step with ../postgres/0001_foundation.sql (the schema_parity test compares them).

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE region_editions (
    id INTEGER PRIMARY KEY NOT NULL,
    decree TEXT NOT NULL,
    source TEXT NOT NULL,
    provinces BIGINT NOT NULL,
    regencies BIGINT NOT NULL,
    districts BIGINT NOT NULL,
    villages BIGINT NOT NULL,
    loaded_at DATETIME NOT NULL
);

CREATE TABLE regions (
    code TEXT PRIMARY KEY NOT NULL,
    parent_code TEXT REFERENCES regions (code),
    level SMALLINT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    postal_code TEXT
);
CREATE INDEX regions_parent_code_idx ON regions (parent_code);
CREATE INDEX regions_level_idx ON regions (level);

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    sector TEXT NOT NULL,
    parent_id BIGINT REFERENCES organizations (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    address TEXT,
    phone TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    CONSTRAINT organizations_code_key UNIQUE (code)
);
CREATE INDEX organizations_region_code_idx ON organizations (region_code);
CREATE INDEX organizations_parent_id_idx ON organizations (parent_id);
CREATE INDEX organizations_kind_idx ON organizations (kind);

CREATE TABLE org_identifiers (
    org_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    system TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (org_id, system),
    CONSTRAINT org_identifiers_system_value_key UNIQUE (system, value)
);

CREATE TABLE wilayah_kerja (
    desa_code TEXT PRIMARY KEY NOT NULL REFERENCES regions (code),
    puskesmas_id BIGINT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX wilayah_kerja_puskesmas_id_idx ON wilayah_kerja (puskesmas_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    phone TEXT,
    email TEXT,
    nik TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    CONSTRAINT people_nik_key UNIQUE (nik)
);

CREATE TABLE positions (
    id INTEGER PRIMARY KEY NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    title TEXT,
    started_on DATE,
    ended_on DATE,
    created_at DATETIME NOT NULL
);
CREATE INDEX positions_person_id_idx ON positions (person_id);
CREATE INDEX positions_org_id_idx ON positions (org_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    org_id BIGINT REFERENCES organizations (id),
    person_id BIGINT REFERENCES people (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    lang TEXT NOT NULL DEFAULT 'id',
    created_at DATETIME NOT NULL,
    last_login_at DATETIME,
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at DATETIME,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY NOT NULL,
    at DATETIME NOT NULL,
    user_id BIGINT,
    username TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    summary TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
