-- Where each live sandbox runs and whose it is, so the per-learner and per-address limits hold
-- for the whole site, not per node. A node writes its row when it reserves the place, deletes
-- rows of sandboxes that ended, and ends a sandbox whose row another node took (to make room for
-- the same learner there). Rows of a node that is no longer alive (see `nodes`) count for nothing.
CREATE TABLE sandbox_places (
    sandbox_id TEXT PRIMARY KEY NOT NULL,
    node TEXT NOT NULL,
    owner TEXT NOT NULL,
    address TEXT NOT NULL,
    lesson TEXT,
    taken_at BIGINT NOT NULL
);
CREATE INDEX sandbox_places_owner ON sandbox_places (owner);
CREATE INDEX sandbox_places_address ON sandbox_places (address);
CREATE INDEX sandbox_places_node ON sandbox_places (node);
