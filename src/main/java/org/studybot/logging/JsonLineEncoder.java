package org.studybot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Writes each log event as one JSON object on one line:
 *
 * <pre>{"timestamp":"2026-12-03T07:01:02.345Z","level":"INFO","logger":"studybot","thread":"main",
 * "message":"answered","event_id":"Ev123","team":"T1","status":"answered","latency_ms":12}</pre>
 *
 * <p>After the five fixed keys come the event's MDC entries, then its SLF4J key-value pairs (a
 * pair wins over an MDC entry of the same name); numbers and booleans stay JSON numbers and
 * booleans. A field named like a fixed key is written with a leading {@code _}. An exception adds
 * {@code error} (class and message) and {@code stack} (the whole trace as one string). Line breaks
 * inside values are escaped, so a line is always one event.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final Set<String> FIXED = Set.of("timestamp", "level", "logger", "thread", "message", "error", "stack");
  private static final byte[] NONE = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NONE;
  }

  @Override
  public byte[] footerBytes() {
    return NONE;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return (line(event) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The event as one line of JSON, without the line break. */
  static String line(ILoggingEvent event) {
    StringWriter text = new StringWriter(256);
    try (JsonWriter json = new JsonWriter(text)) {
      json.setSerializeNulls(true);
      json.beginObject();
      json.name("timestamp").value(Instant.ofEpochMilli(event.getTimeStamp()).toString());
      json.name("level").value(event.getLevel().toString());
      json.name("logger").value(event.getLoggerName());
      json.name("thread").value(event.getThreadName());
      json.name("message").value(event.getFormattedMessage());
      Map<String, Object> fields = new LinkedHashMap<>();
      Map<String, String> mdc = event.getMDCPropertyMap();
      if (mdc != null) {
        fields.putAll(mdc);
      }
      if (event.getKeyValuePairs() != null) {
        for (KeyValuePair kv : event.getKeyValuePairs()) {
          fields.put(kv.key, kv.value);
        }
      }
      for (Map.Entry<String, Object> f : fields.entrySet()) {
        json.name(FIXED.contains(f.getKey()) ? "_" + f.getKey() : f.getKey());
        value(json, f.getValue());
      }
      IThrowableProxy error = event.getThrowableProxy();
      if (error != null) {
        json.name("error").value(error.getClassName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
        json.name("stack").value(ThrowableProxyUtil.asString(error));
      }
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a log event as JSON", e); // a StringWriter does not fail
    }
    return text.toString();
  }

  private static void value(JsonWriter json, Object v) throws IOException {
    if (v == null) {
      json.nullValue();
    } else if (v instanceof Boolean b) {
      json.value(b);
    } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      json.value(d.toString());
    } else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
      json.value(f.toString());
    } else if (v instanceof Number n) {
      json.value(n);
    } else {
      json.value(String.valueOf(v));
    }
  }
}
