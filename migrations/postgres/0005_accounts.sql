-- Accounts (names matched without case through lowercased keys with unique indexes), one-time
-- password-reset links (a hash of the token), and when each learner was last seen.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL,
    email TEXT,
    email_key TEXT,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Raised when the password is reset: sessions signed in before it no longer count.
    session_epoch BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX accounts_username_key ON accounts (username_key);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email_key);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE learners (
    owner TEXT PRIMARY KEY NOT NULL,
    last_seen_at BIGINT NOT NULL
);
-- Learners with progress from before this table count as seen now (as in SQLite's migration).
INSERT INTO learners (owner, last_seen_at)
SELECT owner, (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT FROM (
    SELECT owner FROM xp_awards UNION SELECT owner FROM learner_facts UNION SELECT learner FROM exercise_completions
) AS existing;
