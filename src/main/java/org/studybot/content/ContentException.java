package org.studybot.content;

import java.util.List;

/** Thrown when one file cannot become an article; carries every problem found in it. */
public final class ContentException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public ContentException(List<Problem> problems, Throwable cause) {
    super(problems.isEmpty() ? "invalid content" : problems.get(0).toString(), cause);
    this.problems = List.copyOf(problems);
  }

  public ContentException(Problem problem) {
    this(List.of(problem), null);
  }

  /** Every problem found in the file, in the order found. */
  public List<Problem> problems() {
    return problems;
  }
}
