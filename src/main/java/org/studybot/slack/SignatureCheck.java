package org.studybot.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies Slack's request signature: {@code X-Slack-Signature = v0=hex(HMAC-SHA256(secret,
 * "v0:" + X-Slack-Request-Timestamp + ":" + body))}, over the raw body bytes as UTF-8 (the SDK's
 * own check uses the platform charset), compared in constant time. The timestamp must be within
 * {@link #WINDOW} of now in either direction: Slack's own rule refuses only stale requests, which
 * would let a captured request signed with a future timestamp be replayed for as long as it
 * likes. Thread-safe.
 */
public final class SignatureCheck {
  /** How far a request's timestamp may be from now, either way. */
  public static final Duration WINDOW = Duration.ofMinutes(5);

  /** The outcome; everything but {@link #OK} is refused with 401. */
  public enum Result {
    OK,
    UNSIGNED,
    BAD_TIMESTAMP,
    STALE,
    FUTURE,
    FORGED
  }

  private final byte[] secret;
  private final Clock clock;

  public SignatureCheck(String signingSecret, Clock clock) {
    if (signingSecret == null || signingSecret.isEmpty()) {
      throw new IllegalArgumentException("the signing secret is empty: HTTP mode needs SLACK_SIGNING_SECRET");
    }
    this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** Checks one request's headers against its raw body. */
  public Result check(String timestamp, String signature, byte[] body) {
    if (timestamp == null || signature == null || timestamp.isBlank() || signature.isBlank()) {
      return Result.UNSIGNED;
    }
    long ts;
    try {
      ts = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      return Result.BAD_TIMESTAMP;
    }
    long now = clock.instant().getEpochSecond();
    if (now - ts > WINDOW.toSeconds()) {
      return Result.STALE;
    }
    if (ts - now > WINDOW.toSeconds()) {
      return Result.FUTURE;
    }
    byte[] expected = ("v0=" + HexFormat.of().formatHex(sign(timestamp.strip(), body))).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? Result.OK : Result.FORGED;
  }

  /** The raw HMAC of {@code v0:timestamp:body}. */
  byte[] sign(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII));
      mac.update(body);
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
