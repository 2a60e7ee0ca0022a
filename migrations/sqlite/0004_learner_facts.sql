-- What a learner's sandboxes showed that achievements need ("sandbox:<achievement id>": a message
-- crossed, an outage was survived, a frame was read in the console…), written when it happens:
-- the sandbox's event log lives in memory and goes with the sandbox. Once per learner and fact.
CREATE TABLE learner_facts (
    owner TEXT NOT NULL,
    fact TEXT NOT NULL,
    observed_at INTEGER NOT NULL,
    PRIMARY KEY (owner, fact)
);
