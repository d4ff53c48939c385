package org.studybot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every link between the project's documents resolves: a relative link names a file that exists,
 * and a {@code #fragment} names a heading (GitHub's anchor for it) or an {@code <a id>} there.
 */
class DocsLinksTest {
  private static final List<Path> DOCS = List.of(Path.of("README.md"), Path.of("BENCHMARKS.md"), Path.of("docs/scaling.md"));
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]*)\\)");
  private static final Pattern HEADING = Pattern.compile("#{1,6} (.+)");
  private static final Pattern ID = Pattern.compile("<a id=\"([^\"]+)\"");

  /** The anchors GitHub gives a document: its headings' slugs (repeats numbered) and its ids. */
  static Set<String> anchors(String text) {
    Set<String> out = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean code = false;
    for (String line : text.split("\n")) {
      if (line.startsWith("```")) {
        code = !code;
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (!code && h.matches()) {
        String slug = h.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum);
        out.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    ID.matcher(text).results().forEach(id -> out.add(id.group(1)));
    return out;
  }

  @Test
  void everyLinkBetweenTheDocumentsResolves() throws IOException {
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path doc : DOCS) {
      String text = Files.readString(doc);
      Matcher m = LINK.matcher(text.replaceAll("`[^`\n]*`", "")); // not the examples in code
      while (m.find()) {
        String target = m.group(1);
        if (target.isEmpty() || target.matches("[a-z]+:.*") || target.startsWith("/")) {
          continue; // web links, and site paths inside examples
        }
        checked++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? doc : doc.toAbsolutePath().getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(doc + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(Files.readString(resolved)).contains(target.substring(hash + 1))) {
          broken.add(doc + ": " + target + " (no such heading)");
        }
      }
    }
    assertTrue(checked > 30, "read the links: " + checked);
    assertTrue(broken.isEmpty(), String.join("\n", broken));
  }
}
