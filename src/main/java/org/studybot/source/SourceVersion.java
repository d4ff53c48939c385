package org.studybot.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of the content: a commit. Immutable and thread-safe.
 *
 * @param id the full commit id (40 hex digits)
 * @param author the author's name
 * @param subject the first line of the commit message
 * @param time when it was committed
 */
public record SourceVersion(String id, String author, String subject, Instant time) {

  public SourceVersion {
    Objects.requireNonNull(id, "id");
    author = author == null ? "" : author;
    subject = subject == null ? "" : subject;
  }

  /** The first 7 digits of the id, as git shows it. */
  public String shortId() {
    return id.length() > 7 ? id.substring(0, 7) : id;
  }

  /** {@code 1a2b3c4 by Ana Lee: Fix a typo in osmosis}. */
  @Override
  public String toString() {
    return shortId() + " by " + author + ": " + subject;
  }
}
