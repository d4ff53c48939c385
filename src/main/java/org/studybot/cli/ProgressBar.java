package org.studybot.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.studybot.answer.Library;

/**
 * Embedding progress on standard error: on a terminal, a bar redrawn in place (log lines are
 * printed above it); otherwise a plain line at each tenth, for logs and pipes. Thread-safe.
 */
final class ProgressBar implements Library.Vectorizer.Progress {
  static final int WIDTH = 30;

  private final PrintStream err;
  private final boolean terminal;
  private String bar = "";
  private int lastShown = -1;

  /**
   * @param terminal whether {@code err} is a terminal (a bar) or not (lines)
   */
  ProgressBar(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  @Override
  public synchronized void update(int done, int todo) {
    if (todo <= 0) {
      return;
    }
    int percent = (int) (100L * done / todo);
    if (terminal) {
      if (percent == lastShown && done < todo) {
        return;
      }
      lastShown = percent;
      int filled = WIDTH * percent / 100;
      bar = String.format(Locale.ROOT, "embedding [%s%s] %3d%%  %,d/%,d articles",
          "#".repeat(filled), ".".repeat(WIDTH - filled), percent, done, todo);
      err.print("\r" + bar);
      if (done >= todo) {
        err.println();
        bar = "";
      }
      err.flush();
    } else {
      int tenth = percent / 10;
      if (tenth == lastShown) {
        return;
      }
      lastShown = tenth;
      err.printf(Locale.ROOT, "studybot: embedding: %,d/%,d articles (%d%%)%n", done, todo, percent);
    }
  }

  /**
   * Prints a log line: on a terminal above the bar, which is drawn again under it (the embedder's
   * own progress lines are left out there: the bar says as much).
   */
  synchronized void log(String line) {
    if (!terminal) {
      err.println("studybot: " + line);
      return;
    }
    if (line.startsWith("embedding articles: ")) {
      return;
    }
    if (!bar.isEmpty()) {
      err.print("\r" + " ".repeat(bar.length()) + "\r");
    }
    err.println("studybot: " + line);
    if (!bar.isEmpty()) {
      err.print(bar);
      err.flush();
    }
  }
}
