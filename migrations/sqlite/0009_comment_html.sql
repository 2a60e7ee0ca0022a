-- A comment's markdown rendered and sanitised once, when it is written (and for older rows at
-- the next start), instead of on every view of its lesson.
ALTER TABLE comments ADD COLUMN body_html TEXT;
