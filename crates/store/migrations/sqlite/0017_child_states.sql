-- Why each child needs follow-up now, kept with the child's measurements (issue 16: the
-- follow-up lists were judged from every child's recent measurements on every read, a
-- second per district-wide page). Rewritten in the transaction of every write that changes
-- a child's measurements (the same one that recounts the monthly tallies), so the lists read
-- one row per child. `reasons` is a comma-separated list of follow-up reasons, empty when
-- none; `latest_on` is the day of the child's latest measurement.
-- Keep in step with ../postgres/0017_child_states.sql.

CREATE TABLE child_states (
    child_id BIGINT PRIMARY KEY NOT NULL REFERENCES children (id),
    reasons TEXT NOT NULL,
    latest_on DATE NOT NULL
);
CREATE INDEX child_states_listed_idx ON child_states (latest_on) WHERE reasons <> '';

-- Existing measurements are judged once at the next start (the application does it).
INSERT INTO settings (key, value) VALUES ('child_states', 'stale');
