package org.studybot.slack;

import java.io.PrintStream;
import java.util.function.Function;
import org.studybot.answer.Answerer;
import org.studybot.config.BotConfig;
import org.studybot.config.Secrets;

/** Starts the Slack front end (being built: see the Slack issue). */
public final class SlackLauncher {
  private SlackLauncher() {}

  /** Runs the Slack bot until shut down; returns the exit code. */
  public static int run(
      BotConfig config, Secrets secrets, Function<BotConfig, Answerer> engine, PrintStream out, PrintStream err) {
    err.println("studybot: the Slack front end is not available in this build; use the shell");
    return 1;
  }
}
