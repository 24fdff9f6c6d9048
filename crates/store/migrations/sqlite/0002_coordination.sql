-- Coordination: forums, meetings, invitations, agenda and minutes, attendance, problems and
-- their causes and priority scores, actions (RTL) with updates, agreements reached,
-- and stored files. Keep in step with ../postgres/0002_coordination.sql.

CREATE TABLE forums (
    id INTEGER PRIMARY KEY NOT NULL,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME NOT NULL
);
CREATE INDEX forums_org_id_idx ON forums (org_id);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY NOT NULL,
    forum_id BIGINT REFERENCES forums (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    level TEXT NOT NULL,
    host_org_id BIGINT NOT NULL REFERENCES organizations (id),
    region_code TEXT NOT NULL REFERENCES regions (code),
    held_on DATE NOT NULL,
    start_time TEXT,
    place TEXT,
    chair TEXT,
    first_of_year BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX meetings_forum_id_idx ON meetings (forum_id, held_on);
CREATE INDEX meetings_host_org_id_idx ON meetings (host_org_id, held_on);
CREATE INDEX meetings_held_on_idx ON meetings (held_on);

CREATE TABLE meeting_orgs (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    role TEXT NOT NULL,
    rsvp TEXT,
    PRIMARY KEY (meeting_id, org_id)
);
CREATE INDEX meeting_orgs_org_id_idx ON meeting_orgs (org_id);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    findings TEXT,
    decisions TEXT
);
CREATE INDEX agenda_items_meeting_id_idx ON agenda_items (meeting_id, position);

CREATE TABLE attendance (
    id INTEGER PRIMARY KEY NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES people (id),
    name TEXT NOT NULL,
    org_id BIGINT REFERENCES organizations (id),
    org_name TEXT NOT NULL,
    sector TEXT NOT NULL,
    position TEXT,
    created_at DATETIME NOT NULL
);
CREATE INDEX attendance_meeting_id_idx ON attendance (meeting_id);

CREATE TABLE problems (
    id INTEGER PRIMARY KEY NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT,
    category TEXT NOT NULL,
    raised_by_org_id BIGINT REFERENCES organizations (id),
    raised_by TEXT,
    region_code TEXT REFERENCES regions (code),
    indicator TEXT,
    quantity BIGINT,
    created_at DATETIME NOT NULL
);
CREATE INDEX problems_meeting_id_idx ON problems (meeting_id);
CREATE INDEX problems_category_idx ON problems (category);

CREATE TABLE problem_causes (
    id INTEGER PRIMARY KEY NOT NULL,
    problem_id BIGINT NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX problem_causes_problem_id_idx ON problem_causes (problem_id);

CREATE TABLE priority_scores (
    id INTEGER PRIMARY KEY NOT NULL,
    problem_id BIGINT NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    rater TEXT NOT NULL,
    scores TEXT NOT NULL,
    total DOUBLE PRECISION NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX priority_scores_problem_id_idx ON priority_scores (problem_id);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id),
    problem_id BIGINT REFERENCES problems (id),
    what TEXT NOT NULL,
    owner_org_id BIGINT NOT NULL REFERENCES organizations (id),
    responsible TEXT,
    target TEXT,
    due_on DATE,
    budget_source TEXT NOT NULL,
    status TEXT NOT NULL,
    private_note TEXT,
    closed_at DATETIME,
    closed_by TEXT,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX actions_meeting_id_idx ON actions (meeting_id);
CREATE INDEX actions_owner_org_id_idx ON actions (owner_org_id, status);
CREATE INDEX actions_status_due_on_idx ON actions (status, due_on);

CREATE TABLE action_supporters (
    action_id BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (action_id, org_id)
);

CREATE TABLE files (
    id INTEGER PRIMARY KEY NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    uploaded_by TEXT,
    created_at DATETIME NOT NULL
);

CREATE TABLE action_updates (
    id INTEGER PRIMARY KEY NOT NULL,
    action_id BIGINT NOT NULL REFERENCES actions (id) ON DELETE CASCADE,
    at DATETIME NOT NULL,
    username TEXT,
    org_id BIGINT REFERENCES organizations (id),
    status_from TEXT,
    status_to TEXT,
    note TEXT,
    file_id BIGINT REFERENCES files (id)
);
CREATE INDEX action_updates_action_id_idx ON action_updates (action_id, at);

CREATE TABLE meeting_files (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    file_id BIGINT NOT NULL REFERENCES files (id),
    PRIMARY KEY (meeting_id, file_id)
);

CREATE TABLE agreements_reached (
    id INTEGER PRIMARY KEY NOT NULL,
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX agreements_reached_meeting_id_idx ON agreements_reached (meeting_id);

CREATE TABLE agreement_signatories (
    agreement_id BIGINT NOT NULL REFERENCES agreements_reached (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (agreement_id, org_id)
);
