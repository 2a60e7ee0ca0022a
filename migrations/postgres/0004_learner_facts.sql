-- What a learner's sandboxes showed that achievements need, once per learner and fact.
CREATE TABLE learner_facts (
    owner TEXT NOT NULL,
    fact TEXT NOT NULL,
    observed_at BIGINT NOT NULL,
    PRIMARY KEY (owner, fact)
);
