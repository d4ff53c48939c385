package org.studybot.store;

import java.util.List;
import java.util.Optional;
import org.studybot.source.ServedVersions;

/**
 * The content version (a commit) every replica serves, shared through the store: recorded as a
 * {@link Broadcasts} message of topic {@value #TOPIC}, so the newest one wins and a replica that
 * was down reads it when it comes back (while broadcasts are retained). Thread-safe.
 */
public final class ContentVersions implements ServedVersions {
  /** The broadcast topic. */
  public static final String TOPIC = "content-version";

  private final Broadcasts broadcasts;
  private final String replica;
  private long lastSeen;
  private String latest;

  /** @param replica this replica's id, named as the sender of what it records */
  public ContentVersions(Store store, String replica) {
    this.broadcasts = store.broadcasts();
    this.replica = replica;
  }

  @Override
  public void record(String version) {
    broadcasts.publish(TOPIC, version, replica);
  }

  @Override
  public synchronized Optional<String> wanted() {
    for (List<Broadcasts.Message> batch; !(batch = broadcasts.after(lastSeen, 500)).isEmpty(); ) {
      for (Broadcasts.Message m : batch) {
        lastSeen = m.id();
        if (m.topic().equals(TOPIC) && !m.payload().isBlank()) {
          latest = m.payload();
        }
      }
    }
    return Optional.ofNullable(latest);
  }
}
