-- Per-lesson comments: a comment, or a reply to one (one level: `parent` is always a comment
-- without a parent). The markdown is kept as typed and rendered (and sanitised) when shown, so a
-- stricter policy applies to old comments too. A deleted comment that has replies stays as a
-- placeholder ("comment deleted"): `deleted_at` set, body and author gone.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson TEXT NOT NULL,
    parent INTEGER REFERENCES comments (id),
    author TEXT,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    edited_at INTEGER,
    deleted_at INTEGER,
    -- Hidden by an instructor: kept (and shown to instructors and its author), not to others.
    hidden_at INTEGER,
    hidden_by TEXT
);
CREATE INDEX comments_by_lesson ON comments (lesson, id);
CREATE INDEX comments_by_author ON comments (author);
CREATE INDEX comments_by_parent ON comments (parent);

-- "Someone replied to your comment": one row per reply and recipient, read once opened.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    comment INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX notifications_by_recipient ON notifications (recipient, read_at);

-- Roles granted from the command line (`streamlab admin grant USER`): "instructor" today.
CREATE TABLE account_roles (
    account TEXT NOT NULL,
    role TEXT NOT NULL,
    granted_at INTEGER NOT NULL,
    PRIMARY KEY (account, role)
);

-- A learner may turn reply notifications off (on by default).
ALTER TABLE accounts ADD COLUMN reply_notifications INTEGER NOT NULL DEFAULT 1;
