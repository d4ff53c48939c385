package org.studybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logging.format: json} in a process of its own (it switches the JVM's logging): every
 * line on standard error is one JSON object, and standard output is unchanged.
 */
class JsonLogsTest {
  @TempDir Path dir;

  private record Result(int code, String out, List<String> err) {}

  private Result run(String format, String... args) throws Exception {
    Path config = dir.resolve(format + ".yml");
    Files.writeString(config, "logging:\n  format: " + format + "\ndata_dir: " + dir.resolve("data") + "\n");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dfile.encoding=UTF-8",
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    command.addAll(List.of("--config", config.toString(), "--content", "content", "--semantic", "off"));
    Process p = new ProcessBuilder(command)
        .redirectError(dir.resolve(format + ".err").toFile())
        .redirectOutput(dir.resolve(format + ".out").toFile())
        .redirectInput(new File("/dev/null"))
        .start();
    try {
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the command finished");
    } finally {
      p.destroyForcibly();
    }
    return new Result(p.exitValue(), Files.readString(dir.resolve(format + ".out"), StandardCharsets.UTF_8),
        Files.readAllLines(dir.resolve(format + ".err"), StandardCharsets.UTF_8));
  }

  @Test
  void everyLogLineIsAJsonObjectWithTheFixedFields() throws Exception {
    Result r = run("json", "ask", "how does photosynthesis work");
    assertEquals(0, r.code(), String.join("\n", r.err()));
    assertTrue(r.out().contains("photosynthesis"), r.out());
    assertFalse(r.err().isEmpty(), "the load is logged");
    boolean loaded = false;
    for (String line : r.err()) {
      JsonObject o = JsonParser.parseString(line).getAsJsonObject();
      for (String key : List.of("timestamp", "level", "logger", "thread", "message")) {
        assertTrue(o.has(key), key + " in " + line);
      }
      loaded |= o.get("logger").getAsString().equals("studybot") && o.get("message").getAsString().startsWith("loaded 109 articles");
    }
    assertTrue(loaded, String.join("\n", r.err()));
  }

  @Test
  void textStaysAsItWas() throws Exception {
    Result r = run("text", "ask", "how does photosynthesis work");
    assertEquals(0, r.code());
    assertTrue(r.err().stream().anyMatch(l -> l.startsWith("studybot: loaded 109 articles")), String.join("\n", r.err()));
    assertTrue(r.err().stream().noneMatch(l -> l.startsWith("{")));
  }

  @Test
  void anUnknownFormatIsRefusedNamingTheKey() {
    MainTest.Run r = MainTest.run("", "ask", "--config", write("logging:\n  format: xml\n"), "x");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("logging.format: \"xml\" is not text or json"), r.err());
  }

  private String write(String yaml) {
    try {
      Path f = dir.resolve("bad.yml");
      Files.writeString(f, yaml);
      return f.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
