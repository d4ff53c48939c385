package org.studybot.answer;

import java.util.List;
import org.studybot.reply.Reply;
import org.studybot.search.CorpusIndex;

/** What {@link Answerer#study} decided to show; each front end renders it its own way. Immutable. */
public sealed interface Study {
  /** The subjects, by name. */
  record Subjects(List<CorpusIndex.Subject> subjects) implements Study {
    public Subjects {
      subjects = List.copyOf(subjects);
    }
  }

  /** One page of a subject's articles. */
  record Listing(Catalog.Page page) implements Study {}

  /** A reply: a search within a subject, or "no such subject". */
  record Answer(Reply reply) implements Study {}
}
