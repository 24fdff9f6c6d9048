-- Exactly-once writes from a phone (issue 14): every entry a kader made offline (a weighing, a
-- registration) carries an idempotency key the phone chose. The key is stored in the same
-- transaction as the record it wrote, with who sent it, what it did, a digest of the body
-- and the result as first answered (JSON), so a replay — the same key again, however many
-- times, even at once — stores nothing and answers that result. A key is claimed first
-- (INSERT … ON CONFLICT DO NOTHING): a concurrent sender of the same key waits for the
-- first to commit or roll back. Entries that stored nothing (refused, needing a decision)
-- leave no row.
-- Keep in step with ../sqlite/0013_sync.sql.

CREATE TABLE sync_entries (
    idempotency_key TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    record_id BIGINT,
    result TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sync_entries_user_id_idx ON sync_entries (user_id, created_at);
