package org.studybot.soak;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.studybot.slack.FakeSlackApi;

/**
 * The soak's fault mode ({@code --faults 20s}): while the load runs, one fault episode every so
 * often, in turn: the Web API answers 500/503 for 4 s, then 429 ({@code Retry-After: 1}) for 5 s,
 * then 10 slow clients trickle a request head a byte every 500 ms for 12 s. Every acknowledged
 * request must still get exactly one reply (the ledger checks), acks must stay under 3 s, and the
 * bot must log no error. Thread-safe; bounded (one episode per period, 10 sockets at most).
 */
final class Faults implements AutoCloseable {
  static final int SLOW_CLIENTS = 10;

  private final FakeSlackApi api;
  private final int port;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-faults");
        t.setDaemon(true);
        return t;
      });
  private final AtomicInteger episodes = new AtomicInteger();
  private final AtomicInteger serverErrors = new AtomicInteger();
  private final AtomicInteger rateLimits = new AtomicInteger();
  private final AtomicInteger slowRounds = new AtomicInteger();
  private final AtomicInteger slowCutOff = new AtomicInteger();
  private final List<String> problems = new ArrayList<>();

  Faults(FakeSlackApi api, int port) {
    this.api = api;
    this.port = port;
  }

  /** Starts an episode every {@code every}, the first after one period. */
  void start(Duration every) {
    ticker.scheduleWithFixedDelay(this::episode, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void episode() {
    try {
      switch (episodes.getAndIncrement() % 3) {
        case 0 -> {
          api.outage("chat.", Duration.ofSeconds(4), FakeSlackApi.status(500, null));
          api.outage("respond/", Duration.ofSeconds(4), FakeSlackApi.status(503, null));
          serverErrors.incrementAndGet();
        }
        case 1 -> {
          api.outage("chat.", Duration.ofSeconds(5), FakeSlackApi.status(429, "1"));
          api.outage("respond/", Duration.ofSeconds(5), FakeSlackApi.status(429, "1"));
          rateLimits.incrementAndGet();
        }
        default -> slowClients();
      }
    } catch (RuntimeException | IOException e) {
      synchronized (problems) {
        problems.add("a fault episode failed: " + e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * 10 connections that send a request head a byte every 500 ms for 12 s (past the bot's 10 s
   * header timeout), then hang up.
   */
  private void slowClients() throws IOException, InterruptedException {
    slowRounds.incrementAndGet();
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.getOutputStream().write("POST /slack/events HTTP/1.1\r\nHost: soak\r\nX-Slow: "
            .getBytes(StandardCharsets.US_ASCII));
        sockets.add(s);
      }
      for (int tick = 0; tick < 24 && !sockets.isEmpty(); tick++) {
        TimeUnit.MILLISECONDS.sleep(500); // the slow client's own pace; the soak's load runs meanwhile
        sockets.removeIf(s -> {
          try {
            OutputStream out = s.getOutputStream();
            out.write('a');
            out.flush();
            return false;
          } catch (IOException closedByTheBot) {
            slowCutOff.incrementAndGet();
            close(s);
            return true;
          }
        });
      }
    } finally {
      sockets.forEach(Faults::close);
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Gone already.
    }
  }

  /** Problems of the driver itself (not of the bot). */
  List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /** One line for the summary. */
  String summary() {
    return String.format(Locale.ROOT,
        "  faults    %d episodes: Web API 500/503 for 4 s x%d, 429 for 5 s x%d, %d slow clients for 12 s x%d "
            + "(%d cut off by the bot's header timeout)",
        episodes.get(), serverErrors.get(), rateLimits.get(), SLOW_CLIENTS, slowRounds.get(), slowCutOff.get());
  }

  @Override
  public void close() throws InterruptedException {
    ticker.shutdownNow();
    ticker.awaitTermination(15, TimeUnit.SECONDS);
  }
}
