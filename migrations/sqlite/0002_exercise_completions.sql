-- A lesson's exercise completed by a learner, as the server's evaluation of their sandbox decided
-- it (never the browser). Once per learner and lesson; progress turns it into XP.
CREATE TABLE exercise_completions (
    learner TEXT NOT NULL,
    lesson TEXT NOT NULL,
    completed_at INTEGER NOT NULL,
    PRIMARY KEY (learner, lesson)
);
