package org.studybot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's package map is the truth about who imports whom: each package refers to exactly the
 * packages its entry lists, none refers to {@code cli}, and there is no cycle (so dependencies
 * point one way, towards {@code content}).
 */
class PackageMapTest {
  private static final Path SOURCES = Path.of("src/main/java/org/studybot");
  private static final Pattern ENTRY = Pattern.compile("(?m)^  - `([a-z]+)` \\(([^)]*)\\)");
  private static final Pattern NAME = Pattern.compile("`([a-z]+)`");
  private static final Pattern REFERENCE = Pattern.compile("\\borg\\.studybot\\.([a-z]+)\\.");
  private static final String ANY = "every other package";

  /** Each package's entry: the packages it may import, or {@code null} for any ({@value #ANY}). */
  private static Map<String, Set<String>> declared() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String map = readme.substring(readme.indexOf("- Packages (`src/main/java/org/studybot/`"));
    map = map.substring(0, map.indexOf("\n### "));
    Map<String, Set<String>> out = new TreeMap<>();
    Matcher m = ENTRY.matcher(map);
    while (m.find()) {
      String deps = m.group(2).replace("\n", " ");
      if (deps.contains(ANY)) {
        out.put(m.group(1), null);
        continue;
      }
      Set<String> names = new TreeSet<>();
      if (deps.startsWith("→")) {
        Matcher n = NAME.matcher(deps);
        while (n.find()) {
          names.add(n.group(1));
        }
      }
      out.put(m.group(1), names);
    }
    return out;
  }

  /** The packages each package's main sources refer to (imports and qualified names). */
  private static Map<String, Set<String>> actual() throws IOException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String pkg = dir.getFileName().toString();
        Set<String> refs = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
            Matcher m = REFERENCE.matcher(Files.readString(f));
            while (m.find()) {
              refs.add(m.group(1));
            }
          }
        }
        refs.remove(pkg);
        out.put(pkg, refs);
      }
    }
    return out;
  }

  @Test
  void everyPackageImportsExactlyWhatTheReadmeSays() throws IOException {
    Map<String, Set<String>> declared = declared();
    Map<String, Set<String>> actual = actual();
    assertEquals(actual.keySet(), declared.keySet(), "README's package map lists every package, and only those");
    List<String> wrong = new ArrayList<>();
    actual.forEach(
        (pkg, refs) -> {
          Set<String> allowed = declared.get(pkg);
          Set<String> extra = new TreeSet<>(refs);
          if (allowed == null) {
            extra.clear(); // the wiring may import anything
          } else {
            extra.removeAll(allowed);
          }
          extra.retainAll(actual.keySet());
          if (!extra.isEmpty()) {
            wrong.add(pkg + " imports " + extra + " but README lists " + allowed);
          }
          if (allowed != null) {
            Set<String> unused = new TreeSet<>(allowed);
            unused.removeAll(refs);
            if (!unused.isEmpty()) {
              wrong.add(pkg + " does not import " + unused + " but README lists it");
            }
          }
          if (!pkg.equals("cli") && refs.contains("cli")) {
            wrong.add(pkg + " imports cli, the wiring");
          }
        });
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void dependenciesHaveNoCycle() throws IOException {
    Map<String, Set<String>> actual = actual();
    for (String start : actual.keySet()) {
      List<String> cycle = cycleFrom(start, start, actual, new ArrayList<>(List.of(start)), new HashSet<>());
      assertTrue(cycle == null, "a dependency cycle: " + cycle);
    }
  }

  @Test
  void searchKnowsNothingOfEmbeddings() throws IOException {
    assertEquals(Set.of("content"), actual().get("search"), "search depends on content alone (issue 10)");
  }

  private static List<String> cycleFrom(
      String start, String at, Map<String, Set<String>> deps, List<String> path, Set<String> seen) {
    for (String next : deps.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(start);
        return cycle;
      }
      if (deps.containsKey(next) && seen.add(next)) {
        path.add(next);
        List<String> found = cycleFrom(start, next, deps, path, seen);
        if (found != null) {
          return found;
        }
        path.remove(path.size() - 1);
      }
    }
    return null;
  }
}
