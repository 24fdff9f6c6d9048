-- Security review (issue 11): personal API tokens expire (tokens made before this migration
-- get 90 days from their creation); a child who moves for good to another Posyandu leaves a
-- dated record of the move, so each month's S still counts the child where it lived then;
-- the monthly tally counts children weighed here who live elsewhere ("luar wilayah") apart.
-- Keep in step with ../postgres/0008_security.sql.

ALTER TABLE api_tokens ADD COLUMN expires_at DATETIME;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', created_at, '+90 days');

ALTER TABLE nutrition_months ADD COLUMN visitors BIGINT NOT NULL DEFAULT 0;

CREATE TABLE child_moves (
    id INTEGER PRIMARY KEY NOT NULL,
    child_id BIGINT NOT NULL REFERENCES children (id),
    from_posyandu_id BIGINT NOT NULL REFERENCES organizations (id),
    to_posyandu_id BIGINT NOT NULL REFERENCES organizations (id),
    moved_on DATE NOT NULL,
    reason TEXT,
    moved_by TEXT,
    created_at DATETIME NOT NULL
);
CREATE INDEX child_moves_child_id_idx ON child_moves (child_id, moved_on);
CREATE INDEX child_moves_from_posyandu_id_idx ON child_moves (from_posyandu_id);
CREATE INDEX child_moves_to_posyandu_id_idx ON child_moves (to_posyandu_id);
