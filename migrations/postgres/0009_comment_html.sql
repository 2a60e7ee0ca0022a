-- A comment's markdown rendered and sanitised once, when it is written.
ALTER TABLE comments ADD COLUMN body_html TEXT;
