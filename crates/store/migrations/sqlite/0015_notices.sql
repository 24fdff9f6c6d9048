-- Notices (issue 15). What concerns an account (an invitation, an action assigned, due soon,
-- overdue, a "done" to confirm) is derived from the records by a query; only what cannot be
-- derived is stored: which notice each account has read (kind + the meeting's or action's id)
-- and the e-mails waiting to be sent (written in the transaction of the change, sent by a
-- background task with retries, each marked sent or failed).
-- Keep in step with ../postgres/0015_notices.sql.

CREATE TABLE notice_reads (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    read_at DATETIME NOT NULL,
    PRIMARY KEY (user_id, kind, entity_id)
);

CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    last_error TEXT,
    created_at DATETIME NOT NULL,
    sent_at DATETIME
);
CREATE INDEX mail_outbox_status_idx ON mail_outbox (status, next_attempt_at);
