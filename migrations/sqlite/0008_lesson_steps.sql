-- What learners did in a lesson's exercise, once each, for "where learners get stuck": started
-- the sandbox, passed a check, opened a check's hint. Recorded when it happens (the sandbox's
-- event log lives in memory and goes with it). `step` names the lesson too ("<lesson>/started",
-- "<lesson>/check:<id>", "<lesson>/hint:<id>"), so a learner's rows move to their account like
-- the rest of their progress.
CREATE TABLE lesson_steps (
    owner TEXT NOT NULL,
    step TEXT NOT NULL,
    lesson TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (owner, step)
);
CREATE INDEX lesson_steps_by_lesson ON lesson_steps (lesson);
