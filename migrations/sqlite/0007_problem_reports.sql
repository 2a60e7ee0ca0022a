-- "Report a problem" on a lesson: what the learner wrote, how to reach them (optional, for
-- anonymous learners), and a snapshot of their sandbox for that lesson when one ran (JSON: its
-- mode, Redis, counters, the exercise's checks and the last events), so the instructor sees
-- what the learner saw. Open until an instructor closes it with a note.
CREATE TABLE problem_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson TEXT NOT NULL,
    reporter TEXT,
    contact TEXT,
    what TEXT NOT NULL,
    snapshot TEXT,
    created_at INTEGER NOT NULL,
    closed_at INTEGER,
    closed_by TEXT,
    close_note TEXT
);
CREATE INDEX problem_reports_by_state ON problem_reports (closed_at, lesson);
CREATE INDEX problem_reports_by_reporter ON problem_reports (reporter);
