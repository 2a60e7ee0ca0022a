-- The site's live nodes: each holds its name (`--node-id`, which begins its sandbox ids) while it
-- renews `seen_at` every few seconds; a second node under a live name is refused at start.
CREATE TABLE nodes (
    id TEXT PRIMARY KEY NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    instance TEXT NOT NULL,
    seen_at INTEGER NOT NULL
);
