package org.studybot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.studybot.answer.Answerer;
import org.studybot.answer.Engine;
import org.studybot.answer.Question;
import org.studybot.config.BotConfig;
import org.studybot.reply.Reply;

/**
 * A start of the engine ({@link Engine#start}, default configuration) and its first answer, one
 * mode per JVM:
 *
 * <ul>
 *   <li>{@code words}: semantic matching off, the floor the progressive start is held to;
 *   <li>{@code progressive}: semantic on with an empty vector cache (a cold start): time to the
 *       first answer (by words), to words and quick meaning ({@code quick_hybrid_s}: the quick
 *       pass's interim vectors, when the corpus has more than {@code search.quick_pass_above}
 *       articles), then to the switch to words and meaning ({@code hybrid_s}: every article's full
 *       text embedded and the vector index built in the background);
 *   <li>{@code onepass}: {@code progressive} without the quick pass, as before it was built;
 *   <li>{@code blocking}: as before progressive readiness, every article embedded before the first
 *       answer ({@code search.embed_before_answering} above the corpus size), cold;
 *   <li>{@code warm}: semantic on over the vector cache and index the last progressive or blocking
 *       run left (a restart, or a replica after {@code studybot index}).
 * </ul>
 *
 * <p>Usage: {@code ColdStartBench --content DIR --data DIR --mode MODE --results FILE --size LABEL
 * [--run N]}; cold modes delete {@code --data}'s vector cache and index first (the unpacked native
 * libraries stay: a first install costs more). {@code bench/coldstart.sh} runs them all.
 */
public final class ColdStartBench {
  private ColdStartBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Cli.options(args);
    Path content = Path.of(Cli.required(opts, "content"));
    Path data = Path.of(Cli.required(opts, "data"));
    String mode = Cli.required(opts, "mode");
    Measure.Results results =
        new Measure.Results(Path.of(Cli.required(opts, "results")), Cli.required(opts, "size"), mode,
            opts.getOrDefault("run", "1"));
    boolean cold = mode.equals("progressive") || mode.equals("onepass") || mode.equals("blocking");
    if (cold) {
      // A cold vector cache and index, not a first install: the native libraries unpacked under
      // the data directory by an earlier run stay.
      delete(data.resolve("vectors"));
    }
    BotConfig.Builder config = BotConfig.builder().contentDir(content).dataDir(data).semantic(!mode.equals("words"));
    if (mode.equals("blocking")) {
      config.set("search.embed_before_answering", Integer.MAX_VALUE);
    } else if (mode.equals("onepass")) {
      config.set("search.quick_pass_above", Integer.MAX_VALUE);
    } else if (!mode.equals("words") && !mode.equals("progressive") && !mode.equals("warm")) {
      throw new IllegalArgumentException("--mode takes words, progressive, onepass, blocking or warm, not " + mode);
    }

    // CPU seconds of the whole process at each milestone, beside the wall times: on a shared machine
    // the wall times of separate runs are not comparable, the work done is.
    com.sun.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
    long start = System.nanoTime();
    // When the interim (words and quick meaning) is swapped in: told by the library, on its thread.
    java.util.concurrent.atomic.AtomicLong quick = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong quickCpu = new java.util.concurrent.atomic.AtomicLong();
    Answerer answerer = Engine.start(config.build(), line -> {
      if (line.startsWith("words and quick meaning after") && quick.compareAndSet(0, System.nanoTime())) {
        quickCpu.set(os.getProcessCpuTime());
      }
      System.err.println("  [engine] " + line);
    });
    Reply first = answerer.answer(Question.of("how does photosynthesis work"));
    long answered = System.nanoTime();
    results.put("articles", answerer.library().current().size());
    results.put("first_answer_s", (answered - start) / 1e9);
    results.put("first_answer_cpu_s", os.getProcessCpuTime() / 1e9);
    results.put("first_answer_had_vectors", answerer.library().current().hasVectors() ? 1 : 0);
    if (first.status() == null) {
      throw new IllegalStateException("no reply");
    }
    if (!mode.equals("words")) {
      answerer.library().awaitVectors();
      long hybrid = System.nanoTime();
      results.put("hybrid_cpu_s", os.getProcessCpuTime() / 1e9);
      if (!answerer.library().current().hasVectors()) {
        throw new IllegalStateException("never switched to words and meaning: " + answerer.library().semanticStatus());
      }
      results.put("hybrid_s", (hybrid - start) / 1e9);
      if (quick.get() != 0) {
        results.put("quick_hybrid_s", (quick.get() - start) / 1e9);
        results.put("quick_hybrid_cpu_s", quickCpu.get() / 1e9);
      }
      results.put("embedding_s", (hybrid - answered) / 1e9);
    }
    answerer.library().close();
    results.write();
  }

  private static void delete(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
