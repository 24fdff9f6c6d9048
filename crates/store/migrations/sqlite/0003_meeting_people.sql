-- People invited to a meeting by name (besides organisations). Keep in step with
-- ../postgres/0003_meeting_people.sql.
CREATE TABLE meeting_people (
    meeting_id BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people (id),
    rsvp TEXT,
    PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_people_person_id_idx ON meeting_people (person_id);
