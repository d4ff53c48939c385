package org.studybot.content;

/**
 * A {@code related_articleN} entry as the export wrote it. The title and link may be stale; the
 * reply resolves the id against the loaded corpus first. Immutable and thread-safe.
 */
public record RelatedRef(String id, String title, String subject, String url) {}
