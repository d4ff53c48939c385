package org.studybot.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parsed command line: the command, its options and its positional words. */
final class Args {
  final String command;
  final Map<String, String> options = new HashMap<>();
  final List<String> words = new ArrayList<>();

  private Args(String command) {
    this.command = command;
  }

  /**
   * Parses {@code args}. {@code valued} options take a value ({@code --content DIR} or {@code
   * --content=DIR}); {@code flags} take none. Anything after {@code --} is a word.
   */
  static Args parse(String[] args, Set<String> valued, Set<String> flags) throws Usage {
    String command = null;
    List<String> rest = new ArrayList<>();
    boolean literal = false;
    Args a = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!literal && arg.equals("--")) {
        literal = true;
        continue;
      }
      if (!literal && arg.startsWith("--")) {
        String name = arg.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name)) {
          if (value != null) {
            throw new Usage("--" + name + " takes no value");
          }
          value = "true";
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new Usage("--" + name + " needs a value");
            }
            value = args[++i];
          }
        } else {
          throw new Usage("unknown option --" + name);
        }
        if (a == null) {
          a = new Args(null);
        }
        a.options.put(name, value);
        continue;
      }
      if (command == null && !literal) {
        command = arg;
      } else {
        rest.add(arg);
      }
    }
    Args out = new Args(command);
    if (a != null) {
      out.options.putAll(a.options);
    }
    out.words.addAll(rest);
    return out;
  }

  String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }
}
