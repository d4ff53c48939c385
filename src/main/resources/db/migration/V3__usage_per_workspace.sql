-- Stats and feedback per Slack workspace, for the admin's 7-day view: every counter, unanswered
-- question and vote carries the team id it came from ('' for the shell, for single-workspace rows
-- written before this version, and for requests Slack sent without a team). Same conventions as
-- V1 and V2.

-- The counters, keyed by workspace first (an admin reads one workspace's last days). SQLite cannot
-- change a primary key in place: a new table takes the rows, then the old name.
CREATE TABLE counter_by_team (
  team VARCHAR(64) NOT NULL,
  day VARCHAR(10) NOT NULL,
  dimension VARCHAR(32) NOT NULL,
  item VARCHAR(255) NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (team, day, dimension, item)
);
INSERT INTO counter_by_team (team, day, dimension, item, value)
  SELECT '', day, dimension, item, value FROM counter;
DROP TABLE counter;
ALTER TABLE counter_by_team RENAME TO counter;
CREATE INDEX counter_day ON counter (day);

ALTER TABLE unanswered ADD COLUMN team VARCHAR(64) NOT NULL DEFAULT '';
CREATE INDEX unanswered_team ON unanswered (team, subject, question_key);

ALTER TABLE feedback_vote ADD COLUMN team VARCHAR(64) NOT NULL DEFAULT '';
