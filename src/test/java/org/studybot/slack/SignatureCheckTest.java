package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.studybot.slack.SignatureCheck.Result;

class SignatureCheckTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final SignatureCheck check = new SignatureCheck("s3cret", Clock.fixed(NOW, ZoneOffset.UTC));
  private final byte[] body = "text=caf%C3%A9&payload={\"ü\":\"中\"}".getBytes(StandardCharsets.UTF_8);

  private Result at(long offsetSeconds) throws Exception {
    String ts = Long.toString(NOW.getEpochSecond() + offsetSeconds);
    return check.check(ts, SignedClient.signature("s3cret", ts, body), body);
  }

  @Test
  void acceptsOnlyCorrectSignaturesWithinTheWindowBothWays() throws Exception {
    long w = SignatureCheck.WINDOW.toSeconds();
    assertEquals(Result.OK, at(0));
    assertEquals(Result.OK, at(-w));
    assertEquals(Result.OK, at(w));
    assertEquals(Result.STALE, at(-w - 1));
    assertEquals(Result.FUTURE, at(w + 1));
    assertEquals(Result.FUTURE, at(Duration.ofDays(3650).toSeconds()));
  }

  @Test
  void refusesMissingMalformedAndForged() throws Exception {
    String ts = Long.toString(NOW.getEpochSecond());
    String good = SignedClient.signature("s3cret", ts, body);
    assertEquals(Result.UNSIGNED, check.check(null, good, body));
    assertEquals(Result.UNSIGNED, check.check(ts, null, body));
    assertEquals(Result.UNSIGNED, check.check(" ", "", body));
    assertEquals(Result.BAD_TIMESTAMP, check.check("12:00", good, body));
    assertEquals(Result.FORGED, check.check(ts, SignedClient.signature("other", ts, body), body));
    assertEquals(Result.FORGED, check.check(ts, good.toUpperCase(), body));
    assertEquals(Result.FORGED, check.check(ts, good, "tampered".getBytes(StandardCharsets.UTF_8)));
    assertEquals(Result.FORGED, check.check(ts, "v1" + good.substring(2), body));
    assertThrows(IllegalArgumentException.class, () -> new SignatureCheck("", Clock.systemUTC()));
  }

  @Test
  void retryAfterIsReadInSecondsWithinBounds() {
    assertEquals(Duration.ofSeconds(7), WebApi.retryDelay("7"));
    assertEquals(Duration.ofSeconds(1), WebApi.retryDelay(null));
    assertEquals(Duration.ofSeconds(1), WebApi.retryDelay("soon"));
    assertEquals(Duration.ofMinutes(2), WebApi.retryDelay("86400"));
  }
}
