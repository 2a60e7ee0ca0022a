-- The XP ledger: every award a row, with its owner (a learner id), its source ("read:<lesson>",
-- "exercise:<lesson>", later "achievement:<id>"), its amount and when. The primary key makes each
-- award happen at most once, however often or concurrently it is claimed; totals are sums over
-- this table, never a counter the browser could move. Portable SQL: integers for times.
CREATE TABLE xp_awards (
    owner TEXT NOT NULL,
    source TEXT NOT NULL,
    amount INTEGER NOT NULL,
    awarded_at INTEGER NOT NULL,
    PRIMARY KEY (owner, source)
);
