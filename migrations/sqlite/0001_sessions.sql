-- Browser sessions (tower-sessions' SQLite store): who owns which sandbox, and later who is
-- signed in. The layout is the store's own; it is created here so every table has a migration.
CREATE TABLE IF NOT EXISTS tower_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    data BLOB NOT NULL,
    expiry_date INTEGER NOT NULL
);
