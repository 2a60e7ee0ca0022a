-- What learners did in a lesson's exercise, once each, for "where learners get stuck".
CREATE TABLE lesson_steps (
    owner TEXT NOT NULL,
    step TEXT NOT NULL,
    lesson TEXT NOT NULL,
    at BIGINT NOT NULL,
    PRIMARY KEY (owner, step)
);
CREATE INDEX lesson_steps_by_lesson ON lesson_steps (lesson);
