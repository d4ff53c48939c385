-- Everything else replicas share: feedback, unanswered questions, stats counters, Slack
-- installations and OAuth state, the corpus each replica serves and reload broadcasts, and
-- article vectors. Same conventions as V1: ${id}, ${text}, ${bytes} per database; times in epoch
-- milliseconds.

-- One vote per voter per answer: a second click changes it. The voter is a hash, never a Slack id.
CREATE TABLE feedback_vote (
  answer_id VARCHAR(255) NOT NULL,
  voter VARCHAR(64) NOT NULL,
  vote SMALLINT NOT NULL,
  article VARCHAR(64) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  question ${text} NOT NULL,
  question_key VARCHAR(500) NOT NULL,
  front_end VARCHAR(40) NOT NULL,
  voted_at BIGINT NOT NULL,
  PRIMARY KEY (answer_id, voter),
  CONSTRAINT feedback_vote_value CHECK (vote IN (-1, 1))
);
CREATE INDEX feedback_vote_age ON feedback_vote (voted_at);

-- Questions answered "none" or "unsure", kept for the gaps report until retention ends.
CREATE TABLE unanswered (
  id ${id},
  asked_at BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  question ${text} NOT NULL,
  question_key VARCHAR(500) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  article VARCHAR(64) NOT NULL,
  front_end VARCHAR(40) NOT NULL
);
CREATE INDEX unanswered_age ON unanswered (asked_at);
CREATE INDEX unanswered_group ON unanswered (subject, question_key);

-- Counters per UTC day: (day, dimension, item) -> value, e.g. (2026-12-03, status, answered).
CREATE TABLE counter (
  day VARCHAR(10) NOT NULL,
  dimension VARCHAR(32) NOT NULL,
  item VARCHAR(255) NOT NULL,
  value BIGINT NOT NULL,
  PRIMARY KEY (day, dimension, item)
);

-- Slack workspaces that installed the app (OAuth). Tokens are AES-GCM ciphertext.
CREATE TABLE slack_installation (
  install_key VARCHAR(140) NOT NULL PRIMARY KEY,
  enterprise_id VARCHAR(64),
  team_id VARCHAR(64),
  team_name VARCHAR(255),
  app_id VARCHAR(64),
  bot_id VARCHAR(64),
  bot_user_id VARCHAR(64),
  bot_scopes ${text},
  bot_token ${bytes} NOT NULL,
  bot_refresh_token ${bytes},
  bot_token_expires_at BIGINT,
  installer_user_id VARCHAR(64),
  enterprise_install BOOLEAN NOT NULL,
  installed_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- OAuth state values issued by /slack/install, valid once until they expire.
CREATE TABLE oauth_state (
  state VARCHAR(200) NOT NULL PRIMARY KEY,
  expires_at BIGINT NOT NULL
);

-- The corpus each replica serves, refreshed by its heartbeat.
CREATE TABLE replica (
  replica_id VARCHAR(128) NOT NULL PRIMARY KEY,
  corpus_version VARCHAR(128) NOT NULL,
  articles INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  heartbeat_at BIGINT NOT NULL
);

-- Messages to every replica (e.g. "reload"), read in id order by each.
CREATE TABLE broadcast (
  id ${id},
  topic VARCHAR(64) NOT NULL,
  payload ${text} NOT NULL,
  sender VARCHAR(128) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX broadcast_age ON broadcast (created_at);

-- Sentence embeddings of article texts, so no replica embeds a text another already did.
CREATE TABLE article_vector (
  model VARCHAR(200) NOT NULL,
  text_hash VARCHAR(128) NOT NULL,
  dims INTEGER NOT NULL,
  vector ${bytes} NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (model, text_hash)
);
