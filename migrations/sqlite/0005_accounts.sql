-- Accounts: a learner who signs up keeps their owner id as the account's id, so what they earned
-- stays theirs. Names are matched without case through lowercased keys with unique indexes
-- (portable: no COLLATE NOCASE). The password is an argon2id PHC string.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL,
    email TEXT,
    email_key TEXT,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- Raised when the password is reset: sessions signed in before it no longer count.
    session_epoch INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX accounts_username_key ON accounts (username_key);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email_key);

-- One-time password-reset links an instructor prints (`streamlab admin reset-password USER`):
-- only a hash of the token is kept.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

-- When each learner was last seen, so anonymous progress not visited for the keeping period is
-- removed with its session rather than left orphaned.
CREATE TABLE learners (
    owner TEXT PRIMARY KEY NOT NULL,
    last_seen_at INTEGER NOT NULL
);
-- Learners with progress from before this table count as seen now, so their keeping period
-- starts rather than never ending.
INSERT INTO learners (owner, last_seen_at)
SELECT owner, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM (
    SELECT owner FROM xp_awards UNION SELECT owner FROM learner_facts UNION SELECT learner FROM exercise_completions
) AS existing;
