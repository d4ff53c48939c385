package org.studybot.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A stand-in for Slack's Socket Mode service with many connections, as Slack serves an app whose
 * replicas each hold one (up to 10 per app), on loopback. Every {@code apps.connections.open} call
 * (answered by {@link FakeSlackApi} through {@link #urlFor}) gets a fresh URL with a one-time
 * ticket bound to the app-level token that asked; a connection that presents it gets {@code hello};
 * {@code events_api} envelopes are spread over the open connections in turn, and the bot acks each
 * with {@code {"envelope_id": ...}}. An envelope not acked within the ack timeout is delivered
 * again, as Slack retries an event: a new envelope id, the same payload, {@code retry_attempt} one
 * higher and {@code retry_reason} {@code timeout}, on another open connection when there is one
 * (at most {@link #MAX_RETRIES} times). Records which connection acked each event, and acks that
 * came after the event had been delivered again. Thread-safe.
 */
final class SocketModeSlack extends WebSocketServer implements AutoCloseable {
  /** Slack retries an unacknowledged event three times. */
  static final int MAX_RETRIES = 3;

  /** One WebSocket, opened with the ticket of {@code token}'s {@code apps.connections.open}. */
  static final class Link {
    final int id;
    final String token;
    final WebSocket socket;
    volatile boolean open = true;

    Link(int id, String token, WebSocket socket) {
      this.id = id;
      this.token = token;
      this.socket = socket;
    }

    @Override
    public String toString() {
      return "link " + id + " (" + token + (open ? "" : ", closed") + ")";
    }
  }

  /** One delivery of an event: an envelope on a link. */
  private record Delivery(String envelopeId, Event event, Link link, int retryAttempt, long deadlineNanos) {}

  /** An event and its deliveries; guarded by itself. */
  private static final class Event {
    final String eventId;
    final JsonObject payload;
    Delivery last;
    int deliveries;
    Link ackedBy;
    final Set<String> tokens = new HashSet<>();

    Event(String eventId, JsonObject payload) {
      this.eventId = eventId;
      this.payload = payload;
    }
  }

  /** An ack: the event, the link it came on, the delivery's retry attempt, and whether it was superseded. */
  record Ack(String eventId, Link link, int retryAttempt, boolean late) {}

  private final long ackTimeoutNanos;
  private final CountDownLatch started = new CountDownLatch(1);
  private final Map<String, String> tickets = new ConcurrentHashMap<>();
  private final Map<WebSocket, Link> bySocket = new ConcurrentHashMap<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final Map<String, Event> events = new ConcurrentHashMap<>();
  private final Map<String, Delivery> envelopes = new ConcurrentHashMap<>();
  private final List<Ack> acks = new CopyOnWriteArrayList<>();
  private final AtomicInteger linkIds = new AtomicInteger();
  private final AtomicInteger turn = new AtomicInteger();
  private final AtomicInteger redeliveries = new AtomicInteger();
  private final AtomicInteger refusedTickets = new AtomicInteger();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "socket-mode-slack-retries");
    t.setDaemon(true);
    return t;
  });

  /** @param ackTimeout how long an envelope may go unacknowledged before it is delivered again */
  SocketModeSlack(Duration ackTimeout) throws InterruptedException {
    super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.ackTimeoutNanos = ackTimeout.toNanos();
    setReuseAddr(true);
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the stand-in Socket Mode server did not start");
    }
    timer.scheduleWithFixedDelay(this::retryOverdue, 50, 50, TimeUnit.MILLISECONDS);
  }

  /**
   * The URL for one {@code apps.connections.open} call, as Slack issues it: a path with a one-time
   * ticket for the token in the call's {@code Authorization} header.
   */
  String urlFor(FakeSlackApi.Call call) {
    String auth = call.authorization() == null ? "" : call.authorization();
    String token = auth.startsWith("Bearer ") ? auth.substring(7) : call.param("token");
    String ticket = UUID.randomUUID().toString();
    tickets.put(ticket, String.valueOf(token));
    return "ws://127.0.0.1:" + getPort() + "/link/?ticket=" + ticket + "&app_id=A1";
  }

  // ---------------------------------------------------------------- the WebSocket server

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket socket, ClientHandshake handshake) {
    String query = URI.create(handshake.getResourceDescriptor()).getQuery();
    String ticket = null;
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (pair.startsWith("ticket=")) {
        ticket = pair.substring("ticket=".length());
      }
    }
    String token = ticket == null ? null : tickets.remove(ticket);
    if (token == null) {
      // A ticket is good for one connection.
      refusedTickets.incrementAndGet();
      socket.close(CloseFrame.POLICY_VALIDATION, "invalid ticket");
      return;
    }
    Link link = new Link(linkIds.incrementAndGet(), token, socket);
    bySocket.put(socket, link);
    synchronized (links) {
      links.add(link);
      links.notifyAll();
    }
    socket.send(FakeSocketMode.hello(open().size()).toString());
  }

  @Override
  public void onClose(WebSocket socket, int code, String reason, boolean remote) {
    Link link = bySocket.remove(socket);
    if (link != null) {
      link.open = false;
      synchronized (links) {
        links.notifyAll();
      }
    }
  }

  @Override
  public void onMessage(WebSocket socket, String message) {
    JsonElement e;
    try {
      e = JsonParser.parseString(message);
    } catch (RuntimeException ex) {
      return;
    }
    if (!e.isJsonObject() || !e.getAsJsonObject().has("envelope_id")) {
      return;
    }
    Delivery d = envelopes.remove(e.getAsJsonObject().get("envelope_id").getAsString());
    if (d == null) {
      return;
    }
    Link link = bySocket.getOrDefault(socket, d.link());
    boolean late;
    synchronized (d.event()) {
      late = d.event().last != d;
      if (d.event().ackedBy == null) {
        d.event().ackedBy = link;
      }
    }
    acks.add(new Ack(d.event().eventId, link, d.retryAttempt(), late));
  }

  @Override
  public void onError(WebSocket socket, Exception ex) {}

  // ---------------------------------------------------------------- delivering

  /** The open connections, oldest first. */
  List<Link> open() {
    return links.stream().filter(l -> l.open).toList();
  }

  /** Waits (at most {@code limit}) for an open connection made with {@code token}; the newest. */
  Link awaitLink(String token, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (links) {
      while (true) {
        List<Link> mine = open().stream().filter(l -> l.token.equals(token)).toList();
        if (!mine.isEmpty()) {
          return mine.get(mine.size() - 1);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no Socket Mode connection with " + token + " within " + limit.toSeconds()
              + " s; open: " + open());
        }
        links.wait(Math.max(1, Math.min(200, left / 1_000_000)));
      }
    }
  }

  /** Delivers an Events API callback ({@code payload}, whose {@code event_id} names it) on the next open link. */
  void deliver(JsonObject payload) {
    deliver(payload, null);
  }

  /** As above, on {@code link} ({@code null}: the next open link in turn). */
  void deliver(JsonObject payload, Link link) {
    String eventId = payload.get("event_id").getAsString();
    Event e = new Event(eventId, payload);
    if (events.putIfAbsent(eventId, e) != null) {
      throw new IllegalArgumentException("event " + eventId + " was delivered before: use retry");
    }
    send(e, link == null ? next(null) : link, 0);
  }

  /**
   * Slack's own retry: delivers {@code eventId} again on {@code link}, {@code retry_attempt} one
   * higher, whether or not it was acked (as Slack does when an ack was lost on its way).
   */
  void retry(String eventId, Link link) {
    Event e = events.get(eventId);
    int attempt;
    synchronized (e) {
      attempt = e.last.retryAttempt() + 1;
    }
    send(e, link, attempt);
  }

  private void send(Event e, Link link, int retryAttempt) {
    Delivery d = new Delivery(
        UUID.randomUUID().toString(), e, link, retryAttempt, System.nanoTime() + ackTimeoutNanos);
    synchronized (e) {
      e.last = d;
      e.deliveries++;
      e.tokens.add(link.token);
    }
    envelopes.put(d.envelopeId(), d);
    try {
      link.socket.send(FakeSocketMode.envelope(d.envelopeId(), "events_api", e.payload, retryAttempt).toString());
    } catch (RuntimeException closed) {
      // The link closed under us: the envelope goes unacked and is delivered again on time.
    }
  }

  /** The next open link in turn, other than {@code not} when there is another; null when none is open. */
  private Link next(Link not) {
    List<Link> open = open();
    if (open.isEmpty()) {
      return null;
    }
    for (int i = 0; i < open.size(); i++) {
      Link l = open.get(Math.floorMod(turn.getAndIncrement(), open.size()));
      if (l != not || open.size() == 1) {
        return l;
      }
    }
    return open.get(0);
  }

  /** Delivers again every envelope whose ack is overdue. Runs on the timer; never throws. */
  private void retryOverdue() {
    try {
      long now = System.nanoTime();
      for (Delivery d : List.copyOf(envelopes.values())) {
        if (now - d.deadlineNanos() < 0) {
          continue;
        }
        Event e = d.event();
        boolean again;
        synchronized (e) {
          again = e.last == d && e.ackedBy == null && e.deliveries <= MAX_RETRIES;
        }
        if (!again) {
          continue;
        }
        Link to = next(d.link());
        if (to == null) {
          continue; // no connection open: tried again at the next tick
        }
        redeliveries.incrementAndGet();
        send(e, to, d.retryAttempt() + 1);
      }
    } catch (RuntimeException e) {
      // The stand-in keeps retrying whatever one round threw.
    }
  }

  /** Asks {@code link} to go ({@code refresh_requested}, {@code warning}...), as Slack retires a connection. */
  void disconnect(Link link, String reason) {
    link.socket.send(FakeSocketMode.disconnect(reason).toString());
  }

  // ---------------------------------------------------------------- what happened

  /** The events acked at least once. */
  Set<String> acked() {
    Set<String> s = ConcurrentHashMap.newKeySet();
    acks.forEach(a -> s.add(a.eventId()));
    return s;
  }

  /** Every ack so far. */
  List<Ack> acks() {
    return new ArrayList<>(acks);
  }

  /** The events acked on connections made with {@code token}. */
  Set<String> ackedWith(String token) {
    Set<String> s = ConcurrentHashMap.newKeySet();
    acks.stream().filter(a -> a.link().token.equals(token)).forEach(a -> s.add(a.eventId()));
    return s;
  }

  /** The events delivered at least once on a connection made with {@code token}. */
  Set<String> deliveredWith(String token) {
    Set<String> s = new HashSet<>();
    for (Event e : events.values()) {
      synchronized (e) {
        if (e.tokens.contains(token)) {
          s.add(e.eventId);
        }
      }
    }
    return s;
  }

  /** Acks per token, for the report. */
  Map<String, Integer> acksPerToken() {
    Map<String, Integer> m = new TreeMap<>();
    acks.forEach(a -> m.merge(a.link().token, 1, Integer::sum));
    return m;
  }

  /** Envelopes delivered again because their ack was overdue. */
  int redeliveries() {
    return redeliveries.get();
  }

  /** Connections refused for a missing, unknown or reused ticket. */
  int refusedTickets() {
    return refusedTickets.get();
  }

  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    stop(1000);
  }
}
