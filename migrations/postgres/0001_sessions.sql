-- Browser sessions (tower-sessions' PostgreSQL store): who owns which sandbox, and who is signed
-- in, the same on every node. The layout is the store's own (`tower_sessions.session`); it is
-- created here so every table has a migration.
CREATE SCHEMA IF NOT EXISTS tower_sessions;
CREATE TABLE IF NOT EXISTS tower_sessions.session (
    id TEXT PRIMARY KEY NOT NULL,
    data BYTEA NOT NULL,
    expiry_date TIMESTAMPTZ NOT NULL
);
