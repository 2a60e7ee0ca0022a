-- The XP ledger: every award a row, with its owner, its source and its amount; the primary key
-- makes each award happen at most once, however often or concurrently it is claimed.
CREATE TABLE xp_awards (
    owner TEXT NOT NULL,
    source TEXT NOT NULL,
    amount BIGINT NOT NULL,
    awarded_at BIGINT NOT NULL,
    PRIMARY KEY (owner, source)
);
