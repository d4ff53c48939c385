package org.studybot.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.config.BotConfig;
import org.studybot.config.ConfigLoader;

/**
 * What the evidence dumps ({@link FeatureDump}, {@code search.RankDump}) share: their arguments
 * {@code CONTENT DATA SET OUT [DISTRACTORS]} read, the distractors copied beside the content, the
 * shipped configuration on them, the engine started and its vectors waited for. Closing it closes
 * the engine and deletes the copy.
 *
 * @param config the configuration the engine runs with
 * @param set the evaluation questions
 * @param answerer the engine
 * @param out where the dump goes
 * @param merged the content and distractors copied together, or {@code null}
 */
public record DumpRun(BotConfig config, EvalSet set, Answerer answerer, Path out, Path merged) implements AutoCloseable {

  /** Starts the engine for {@code args} ({@code CONTENT DATA SET OUT [DISTRACTORS]}). */
  public static DumpRun start(String[] args) throws Exception {
    Path content = Path.of(args[0]);
    Path merged = null;
    if (args.length > 4) {
      merged = Files.createTempDirectory("studybot-dump-");
      EvalCorpus.merge(content, Path.of(args[4]), merged);
      content = merged;
    }
    BotConfig config =
        ConfigLoader.load(Path.of("config/studybot.yml"), true, Map.of())
            .toBuilder()
            .contentDir(content)
            .dataDir(Path.of(args[1]))
            .build();
    EvalSet set = EvalSet.load(Path.of(args[2]));
    Answerer answerer = Engine.start(config, line -> {});
    answerer.library().awaitVectors();
    return new DumpRun(config, set, answerer, Path.of(args[3]), merged);
  }

  /** The data directory (vectors, native libraries). */
  public Path dataDir() {
    return config.dataDir();
  }

  @Override
  public void close() throws Exception {
    try {
      answerer.library().close();
    } finally {
      EvalCorpus.delete(merged);
    }
  }
}
