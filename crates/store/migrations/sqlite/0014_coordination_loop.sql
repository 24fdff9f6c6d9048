-- The coordination loop (issue 15). A partner's "done" is a claim until the host of the
-- action's meeting accepts it: who confirmed and when (cleared whenever the status changes).
-- A forum has standing members, the organisations every scheduled meeting invites, and may
-- invite every desa of its host's wilayah kerja (resolved when a meeting is scheduled).
-- Keep in step with ../postgres/0014_coordination_loop.sql.

ALTER TABLE actions ADD COLUMN confirmed_at DATETIME;
ALTER TABLE actions ADD COLUMN confirmed_by TEXT;

ALTER TABLE forums ADD COLUMN all_desa BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE forum_members (
    forum_id BIGINT NOT NULL REFERENCES forums (id) ON DELETE CASCADE,
    org_id BIGINT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (forum_id, org_id)
);
CREATE INDEX forum_members_org_id_idx ON forum_members (org_id);
