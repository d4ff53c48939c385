package org.studybot.answer;

import org.studybot.feedback.FeedbackStore;

/**
 * The listener that records every study question answered {@code none} or {@code unsure} in a
 * {@link FeedbackStore}, whichever front end asked. Installed by the wiring ({@code serve}, {@code
 * shell}). Thread-safe when the store is.
 */
public final class UnansweredLog implements AnswerListener {
  private final FeedbackStore store;

  public UnansweredLog(FeedbackStore store) {
    this.store = store;
  }

  @Override
  public void answered(AnswerEvent e) {
    if (e.unanswered()) {
      store.unanswered(
          new FeedbackStore.Unanswered(
              e.status() == org.studybot.reply.Status.UNSURE, e.question(), e.subject(), e.articleId()));
    }
  }
}
