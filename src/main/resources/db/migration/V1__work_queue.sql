-- The durable intake and event de-duplication. One script for SQLite and PostgreSQL:
-- ${id} and ${text} are spelled per database (org.studybot.store.Dialect). Times are epoch
-- milliseconds (BIGINT) so both databases compare them the same way.

CREATE TABLE work_item (
  id ${id},
  kind VARCHAR(40) NOT NULL,
  work_key VARCHAR(255) NOT NULL,
  team VARCHAR(64),
  user_id VARCHAR(64),
  channel VARCHAR(64),
  payload ${text} NOT NULL,
  accepted_at BIGINT NOT NULL,
  deadline BIGINT,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  owner VARCHAR(128),
  lease_until BIGINT,
  finished_at BIGINT,
  last_error VARCHAR(500),
  CONSTRAINT work_item_key UNIQUE (work_key),
  CONSTRAINT work_item_state CHECK (state IN ('pending', 'done', 'failed'))
);

CREATE INDEX work_item_ready ON work_item (state, next_attempt_at);
CREATE INDEX work_item_finished ON work_item (finished_at);

CREATE TABLE seen_event (
  event_id VARCHAR(255) NOT NULL PRIMARY KEY,
  seen_at BIGINT NOT NULL
);

CREATE INDEX seen_event_age ON seen_event (seen_at);
