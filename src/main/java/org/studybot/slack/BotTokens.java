package org.studybot.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.studybot.store.Installation;
import org.studybot.store.Installations;

/**
 * Where a workspace's bot token comes from: {@code SLACK_BOT_TOKEN} for the one workspace of a
 * single install ({@link #single}), or the store's OAuth installations, one per workspace ({@link
 * #installed}). Implementations are thread-safe.
 */
interface BotTokens {
  /** The bot that serves {@code w}, or empty when that workspace has not installed the app. */
  Optional<Bot> bot(Workspace w);

  /** Forgets workspace {@code w} (the app was uninstalled, its tokens revoked); true if it was there. */
  boolean remove(Workspace w);

  /** Whether workspaces install the app through OAuth (else one token serves every request). */
  boolean oauth();

  /**
   * One workspace's bot. {@link #toString()} never shows the token. Immutable and thread-safe.
   *
   * @param token the bot token ({@code xoxb-...})
   * @param botUserId the bot's user id, or null when not known
   * @param installerUserId who installed the app in that workspace (its admin), or null
   */
  record Bot(String token, String botUserId, String installerUserId) {
    @Override
    public String toString() {
      return "Bot[token=<set>, botUserId=" + botUserId + ", installerUserId=" + installerUserId + "]";
    }
  }

  /** {@code SLACK_BOT_TOKEN}: one token for every request, whatever its workspace. */
  static BotTokens single(String token) {
    Optional<Bot> bot = Optional.of(new Bot(token, null, null));
    return new BotTokens() {
      @Override
      public Optional<Bot> bot(Workspace w) {
        return bot;
      }

      @Override
      public boolean remove(Workspace w) {
        return false;
      }

      @Override
      public boolean oauth() {
        return false;
      }
    };
  }

  /**
   * The store's installations. A workspace's bot is kept in memory for {@code keep} after it is
   * read (so a reply's few calls read the store once), and dropped at once when this replica
   * removes it; a removal on another replica reaches this one within {@code keep}, and a token
   * used meanwhile is refused by Slack ({@code invalid_auth}), which ends that reply. Workspaces
   * that have not installed are not remembered, so an install is served at once everywhere.
   */
  static BotTokens installed(Installations installations, Duration keep) {
    Cache<Workspace, Bot> cache = Caffeine.newBuilder().expireAfterWrite(keep).maximumSize(10_000).build();
    return new BotTokens() {
      @Override
      public Optional<Bot> bot(Workspace w) {
        if (w == null || (w.teamId() == null && w.enterpriseId() == null)) {
          return Optional.empty();
        }
        Bot b = cache.getIfPresent(w);
        if (b != null) {
          return Optional.of(b);
        }
        Optional<Installation> i = installations.find(w.enterpriseId(), w.teamId());
        i.ifPresent(x -> cache.put(w, new Bot(x.botToken(), x.botUserId(), x.installerUserId())));
        return i.map(x -> new Bot(x.botToken(), x.botUserId(), x.installerUserId()));
      }

      @Override
      public boolean remove(Workspace w) {
        cache.invalidate(w);
        return installations.delete(w.enterpriseId(), w.teamId());
      }

      @Override
      public boolean oauth() {
        return true;
      }
    };
  }
}
