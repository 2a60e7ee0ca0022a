-- A lesson's exercise completed by a learner, as the server's evaluation of their sandbox decided
-- it (never the browser). Once per learner and lesson; progress turns it into XP.
-- The same tables as migrations/sqlite/, in PostgreSQL's spelling: every integer a BIGINT (times
-- are milliseconds), so both databases hand the code the same types.
CREATE TABLE exercise_completions (
    learner TEXT NOT NULL,
    lesson TEXT NOT NULL,
    completed_at BIGINT NOT NULL,
    PRIMARY KEY (learner, lesson)
);
