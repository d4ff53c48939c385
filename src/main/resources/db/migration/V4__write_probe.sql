-- The full-disk write probe gets a table of its own, and nothing of this version uses seen_event
-- any more (a retried Slack event is recognised by its work item's key, work_item.work_key).
-- Same conventions as V1.
--
-- seen_event is kept, unused, and dropped by a later migration. During a rolling upgrade the
-- replicas of the version before this one still run against this schema (`studybot migrate` runs
-- first), and they write seen_event: their write probe inserts its row there while their store
-- cannot write, and their housekeeping purges it every 10 minutes (versions before that insert a
-- row per Slack event). Dropped now, such a replica's probe would fail for good once its disk had
-- filled (it would refuse every request until restarted), and the older ones would refuse every
-- event. Kept, it costs an empty table. Drop it only in a release whose upgrade starts from a
-- version that no longer touches it (this one or later).

-- One row per probe name: a replica whose store cannot write updates it every second, and the
-- outage is over when that commit reaches the disk.
CREATE TABLE write_probe (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  written_at BIGINT NOT NULL
);
