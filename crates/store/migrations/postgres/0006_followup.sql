-- Follow-up of a child: a coordination action (owned by a bidan's Puskesmas, a kader's
-- Posyandu, a Koramil or a Polsek) linked to the child it is about. The action's text never
-- names the child; the link stays here, readable only through the child.
-- Keep in step with ../sqlite/0006_followup.sql.

CREATE TABLE child_followups (
    action_id BIGINT PRIMARY KEY NOT NULL REFERENCES actions (id),
    child_id BIGINT NOT NULL REFERENCES children (id),
    reason TEXT NOT NULL,
    created_by TEXT,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX child_followups_child_id_idx ON child_followups (child_id);
