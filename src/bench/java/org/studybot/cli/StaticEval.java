package org.studybot.cli;

import java.nio.file.Path;
import org.studybot.semantic.StaticEmbedder;

/**
 * Runs the command line with the static embedder distilled from MiniLM ({@link StaticEmbedder})
 * as the article and question encoder: {@code StaticEval WEIGHTING TABLE-FILE studybot-args...},
 * e.g. {@code StaticEval zipf /tmp/static.bin --config X.yml eval}. Measurement only.
 */
public final class StaticEval {
  private StaticEval() {}

  public static void main(String[] args) {
    StaticEmbedder.Weighting w = StaticEmbedder.Weighting.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
    Path table = Path.of(args[1]);
    Path nativeDir = Path.of(System.getProperty("java.io.tmpdir"), "studybot-static-native");
    String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
    Main main = new Main(System.in, System.out, System.err, System.getenv())
        .embedder(() -> StaticEmbedder.load(table, nativeDir, 2, w, System.err::println));
    System.exit(main.run(rest));
  }
}
