package org.studybot.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options for the benchmark mains. */
final class Cli {
  private Cli() {}

  static Map<String, String> options(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, found \"" + args[i] + "\" at argument " + (i + 1));
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }

  static String required(Map<String, String> opts, String name) {
    String v = opts.get(name);
    if (v == null) {
      throw new IllegalArgumentException("missing option --" + name);
    }
    return v;
  }
}
