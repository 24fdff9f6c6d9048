-- Cooperation agreements (MOU/PKS, nota kesepakatan, kesepakatan bersama, addendum, juklak,
-- juknis): parties with their signing details, scope items, obligations per party and the
-- actions that fulfil them, linked meetings, attached documents and the dated history of
-- status changes. Keep in step with ../postgres/0004_agreements.sql.

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    status_on DATE NOT NULL,
    parent_id BIGINT REFERENCES agreements (id),
    renewed_from_id BIGINT REFERENCES agreements (id),
    owner_org_id BIGINT NOT NULL REFERENCES organizations (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    legal_basis TEXT,
    purpose TEXT,
    summary TEXT,
    start_on DATE,
    end_on DATE,
    is_public BOOLEAN NOT NULL,
    batch_id TEXT,
    created_by TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX agreements_parent_id_idx ON agreements (parent_id);
CREATE INDEX agreements_renewed_from_id_idx ON agreements (renewed_from_id);
CREATE INDEX agreements_owner_org_id_idx ON agreements (owner_org_id);
CREATE INDEX agreements_status_end_on_idx ON agreements (status, end_on);

CREATE TABLE agreement_parties (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    position BIGINT NOT NULL,
    doc_number TEXT,
    signatory TEXT,
    signatory_position TEXT,
    signed_on DATE,
    financing TEXT,
    PRIMARY KEY (agreement_id, org_id)
);
CREATE INDEX agreement_parties_org_id_idx ON agreement_parties (org_id);

CREATE TABLE agreement_scopes (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    PRIMARY KEY (agreement_id, item)
);
CREATE INDEX agreement_scopes_item_idx ON agreement_scopes (item);

CREATE TABLE agreement_obligations (
    id INTEGER PRIMARY KEY NOT NULL,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    text TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX agreement_obligations_agreement_id_idx ON agreement_obligations (agreement_id);

CREATE TABLE obligation_actions (
    obligation_id BIGINT NOT NULL REFERENCES agreement_obligations (id) ON DELETE CASCADE,
    action_id BIGINT NOT NULL REFERENCES actions (id),
    PRIMARY KEY (obligation_id, action_id)
);
CREATE INDEX obligation_actions_action_id_idx ON obligation_actions (action_id);

CREATE TABLE agreement_meetings (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    role TEXT NOT NULL,
    PRIMARY KEY (agreement_id, meeting_id)
);
CREATE INDEX agreement_meetings_meeting_id_idx ON agreement_meetings (meeting_id);

CREATE TABLE agreement_files (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    file_id BIGINT NOT NULL REFERENCES files (id),
    kind TEXT NOT NULL,
    PRIMARY KEY (agreement_id, file_id)
);
CREATE INDEX agreement_files_file_id_idx ON agreement_files (file_id);

CREATE TABLE agreement_transitions (
    id INTEGER PRIMARY KEY NOT NULL,
    agreement_id BIGINT NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    status_from TEXT,
    status_to TEXT NOT NULL,
    on_date DATE NOT NULL,
    note TEXT,
    username TEXT,
    at DATETIME NOT NULL
);
CREATE INDEX agreement_transitions_agreement_id_idx ON agreement_transitions (agreement_id, at);
