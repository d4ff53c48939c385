package org.studybot.slack;

import java.util.function.Supplier;

/**
 * The Slack workspace (or Enterprise Grid organisation) a request came from. While the bot works on
 * a request, the request's workspace is <em>current</em> on the thread doing the work: Bolt's
 * handlers run inside it ({@link WorkspaceGate}), and {@link WebApi} carries it with every task and
 * call it runs on its pools, so each Web API call is made with that workspace's own token. It is
 * carried along the threads, like the logging context, rather than passed through every method,
 * because every reply path of the bot would otherwise have to hand it down. Immutable and
 * thread-safe.
 *
 * @param enterpriseId the Enterprise Grid id, or null
 * @param teamId the workspace id ({@code T...}), or null for an organisation-wide request
 */
record Workspace(String enterpriseId, String teamId) {
  private static final ThreadLocal<Workspace> CURRENT = new ThreadLocal<>();

  /** The workspace whose request this thread is working on, or null. */
  static Workspace current() {
    return CURRENT.get();
  }

  /** Runs {@code task} with {@code w} current (null: none), then restores what was current. */
  static void run(Workspace w, Runnable task) {
    get(
        w,
        () -> {
          task.run();
          return null;
        });
  }

  /** As {@link #run}, returning the task's result. */
  static <T> T get(Workspace w, Supplier<T> task) {
    Workspace before = CURRENT.get();
    CURRENT.set(w);
    try {
      return task.get();
    } finally {
      if (before == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(before);
      }
    }
  }

  /** For logs: the team id (or the organisation's), never anything else. */
  String label() {
    return teamId != null ? teamId : enterpriseId != null ? enterpriseId : "unknown";
  }
}
