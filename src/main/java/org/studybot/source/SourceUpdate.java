package org.studybot.source;

/**
 * What bringing a content source up to date did. Immutable and thread-safe.
 *
 * @param ok whether the directory now holds the version asked for; when false it holds what it
 *     held before and {@link #failure} says why
 * @param version the version the directory holds now, or {@code null} for a source without
 *     versions (or a Git source that has never been checked out)
 * @param previous the version held before, or {@code null}
 * @param rewritten whether the branch's history was rewritten (a force push): the new version does
 *     not descend from the previous one
 * @param changedFiles how many files under the content folder differ between the two versions, or
 *     -1 when unknown (no previous version, or a source without versions)
 * @param failure why the update failed, for people (names the remote and the rule), or {@code null}
 */
public record SourceUpdate(
    boolean ok, SourceVersion version, SourceVersion previous, boolean rewritten, int changedFiles, String failure) {

  /** A source without versions (a local directory): nothing to do. */
  public static SourceUpdate unversioned() {
    return new SourceUpdate(true, null, null, false, -1, null);
  }

  /** A failure that left the directory at {@code kept}. */
  public static SourceUpdate failed(SourceVersion kept, String why) {
    return new SourceUpdate(false, kept, kept, false, -1, why);
  }

  /** Whether the version changed. */
  public boolean moved() {
    return ok && version != null && (previous == null || !previous.id().equals(version.id()));
  }

  /**
   * One line for people: {@code commit 1a2b3c4 by Ana: Fix typo (history was rewritten, was
   * 9f8e7d6)}, or the failure and what is still served; empty for a source without versions.
   */
  public String describe() {
    if (!ok) {
      return failure + (version != null ? "; still on commit " + version : "");
    }
    if (version == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder("commit ").append(version);
    if (rewritten && previous != null) {
      sb.append(" (history was rewritten by a force push; was ").append(previous.shortId()).append(")");
    } else if (!moved()) {
      sb.append(" (unchanged)");
    }
    return sb.toString();
  }
}
