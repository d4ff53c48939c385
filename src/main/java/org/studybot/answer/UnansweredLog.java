package org.studybot.answer;

import java.util.function.Supplier;
import org.studybot.feedback.FeedbackStore;
import org.studybot.reply.Status;

/**
 * The listener that records every study question answered {@code none} or {@code unsure} in a
 * {@link FeedbackStore}, whichever front end asked, with the workspace that asked. Installed by the
 * wiring ({@code serve}, {@code shell}). Thread-safe when the store is.
 */
public final class UnansweredLog implements AnswerListener {
  private final FeedbackStore store;
  private final Supplier<String> team;

  /** Records questions from no workspace in particular (the shell). */
  public UnansweredLog(FeedbackStore store) {
    this(store, () -> "");
  }

  /**
   * @param team the workspace of the message being answered, read on the answering thread (a
   *     front end that serves several knows which it is working for)
   */
  public UnansweredLog(FeedbackStore store, Supplier<String> team) {
    this.store = store;
    this.team = team;
  }

  @Override
  public void answered(AnswerEvent e) {
    if (e.unanswered()) {
      store.unanswered(
          new FeedbackStore.Unanswered(
              e.status() == Status.UNSURE, e.question(), e.subject(), e.articleId(), team.get()));
    }
  }
}
