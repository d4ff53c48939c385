package org.studybot.content;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads one article file: strict UTF-8, a YAML front matter block between {@code ---} lines, and
 * the fields StudyBot needs. The body after the front matter (the export's {@code &nbsp;}) is
 * ignored.
 *
 * <p>YAML is read with SnakeYAML's safe constructor and hard limits: no global tags, duplicate
 * keys rejected, few aliases (so a billion-laughs file fails at once), bounded nesting and size.
 * Thread-safe: each thread parses with its own {@link Yaml}, which is not.
 */
public final class ArticleParser {

  /** The outcome for one file: the article (or {@code null} when it cannot be used) and problems. */
  public record Parsed(Article article, List<Problem> problems) {
    public Parsed {
      problems = List.copyOf(problems);
    }
  }

  private static final Pattern RELATED_KEY = Pattern.compile("related_article(\\d{1,4})");
  private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
  private static final int MAX_ALIASES = 20;
  private static final int MAX_NESTING = 20;
  // A SimpleDateFormat is not thread-safe and costs more to make than to use: one per thread.
  private static final ThreadLocal<SimpleDateFormat> DAY =
      ThreadLocal.withInitial(
          () -> {
            SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd", Locale.ROOT);
            f.setTimeZone(TimeZone.getTimeZone("UTC"));
            return f;
          });

  private final int maxChars;
  // Building a Yaml (its resolver's patterns, the constructors) cost more than parsing a small
  // file; one per thread is safe because a Yaml clears its state after every document.
  private final ThreadLocal<Yaml> yaml = ThreadLocal.withInitial(this::newYaml);

  /** @param maxChars the most characters a file's front matter may have */
  public ArticleParser(int maxChars) {
    this.maxChars = maxChars;
  }

  /** Parses a file's bytes; {@code source} names the file in problems. Never throws for bad input. */
  public Parsed parse(String source, byte[] bytes) {
    String text;
    try {
      text = decodeUtf8(bytes);
    } catch (MalformedInputException e) {
      return fail(Problem.ofFile(source, "not valid UTF-8 (bad byte sequence near byte " + badOffset(bytes) + ")"));
    } catch (CharacterCodingException e) {
      return fail(Problem.ofFile(source, "not valid UTF-8: " + e.getMessage()));
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    // Lines are found by hand: a regex split of every file was a fifth of a large load's time.
    // A line ends at \n; a \r just before it is not part of the line.
    int open = -1;
    int bodyStart = -1;
    int bodyEnd = -1;
    for (int pos = 0, lineNo = 0; ; lineNo++) {
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? text.length() : (nl > pos && text.charAt(nl - 1) == '\r' ? nl - 1 : nl);
      String line = text.substring(pos, end);
      if (open < 0) {
        if (!line.isBlank()) {
          if (!line.strip().equals("---")) {
            break;
          }
          open = lineNo;
          bodyStart = nl < 0 ? text.length() : nl + 1;
        }
      } else {
        String l = line.stripTrailing();
        if (l.equals("---") || l.equals("...")) {
          bodyEnd = pos;
          break;
        }
      }
      if (nl < 0) {
        break;
      }
      pos = nl + 1;
    }
    if (open < 0) {
      return fail(Problem.ofFile(source, "no front matter: expected the file to start with a '---' line"));
    }
    if (bodyEnd < 0) {
      return fail(
          new Problem(source, null, open + 1, "front matter opened here is never closed: expected a '---' line after it"));
    }
    // The lines in between joined with \n: the break before the closing line goes, \r\n becomes \n.
    String yamlText = "";
    if (bodyEnd > bodyStart) {
      int cut = bodyEnd - 1;
      if (cut > bodyStart && text.charAt(cut - 1) == '\r') {
        cut--;
      }
      yamlText = text.substring(bodyStart, cut);
      if (yamlText.indexOf('\r') >= 0) {
        yamlText = yamlText.replace("\r\n", "\n");
      }
    }
    if (yamlText.length() > maxChars) {
      return fail(
          Problem.ofFile(source, "front matter has " + yamlText.length() + " characters, more than the limit of " + maxChars));
    }
    Object root;
    try {
      root = yaml().load(yamlText);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 0 : mark.getLine() + open + 2;
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      if (e.getContext() != null) {
        what = e.getContext() + ": " + what;
      }
      return fail(new Problem(source, null, line, "invalid YAML: " + oneLine(what)));
    } catch (YAMLException | IllegalArgumentException | IllegalStateException e) {
      return fail(Problem.ofFile(source, "invalid YAML: " + oneLine(e.getMessage())));
    }
    if (!(root instanceof Map<?, ?> map)) {
      return fail(
          Problem.ofFile(source, "front matter must be a mapping of fields, found " + describe(root)));
    }
    return new Fields(source, map).article();
  }

  private Yaml yaml() {
    return yaml.get();
  }

  private Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(maxChars + 1);
    options.setProcessComments(false);
    options.setTagInspector(tag -> false); // no global tags: nothing may name a Java class
    DumperOptions dump = new DumperOptions();
    return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options);
  }

  private static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
    // The JDK's lenient decoder is several times faster; it marks bad bytes with U+FFFD, so only
    // a file containing that character takes the strict, reporting decoder.
    String fast = new String(bytes, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) {
      return fast;
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
    return chars.toString();
  }

  private static int badOffset(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }

  private static Parsed fail(Problem p) {
    return new Parsed(null, List.of(p));
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    String s = String.valueOf(value);
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
  }

  /** Reads and checks the fields of one front matter mapping, collecting every problem. */
  private static final class Fields {
    private final String source;
    private final Map<?, ?> map;
    private final List<Problem> problems = new ArrayList<>();
    private boolean fatal;

    Fields(String source, Map<?, ?> map) {
      this.source = source;
      this.map = map;
    }

    Parsed article() {
      String id = id(map.get("id"), "id", true);
      String title = text(map, "title", "title", false);
      if (title == null) {
        title = text(map, "article_title", "article_title", false);
      }
      String question = text(map, "question", "question", false);
      if (title == null && question == null) {
        error("title", "missing: expected a title or a question");
      }
      String answer = text(map, "answer", "answer", true);
      String subject = text(map, "subject", "subject", true);
      String url = text(map, "url", "url", true);
      if (url != null && !(url.startsWith("/") || url.startsWith("https://") || url.startsWith("http://"))) {
        error("url", "\"" + url + "\" is not a site path: expected it to start with '/'");
      }
      String description = null;
      List<String> keywords = List.of();
      Object seo = map.get("seo");
      if (seo instanceof Map<?, ?> seoMap) {
        description = text(seoMap, "page_description", "seo.page_description", false);
        String kw = text(seoMap, "page_keywords", "seo.page_keywords", false);
        if (kw != null) {
          keywords = Arrays.stream(kw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
      } else if (seo != null) {
        warn("seo", "expected a mapping, found " + describe(seo));
      }
      List<RelatedRef> related = related();
      if (fatal) {
        return new Parsed(null, problems);
      }
      Article article =
          new Article(
              id,
              title != null ? title : question,
              question,
              subject,
              url,
              date(map.get("date")),
              description,
              keywords,
              answer.replace("\\n", "\n"),
              related,
              source);
      return new Parsed(article, problems);
    }

    private List<RelatedRef> related() {
      TreeMap<Integer, Object> entries = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Matcher m = RELATED_KEY.matcher(String.valueOf(e.getKey()));
        if (m.matches()) {
          entries.put(Integer.parseInt(m.group(1)), e.getValue());
        }
      }
      List<RelatedRef> out = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (Map.Entry<Integer, Object> e : entries.entrySet()) {
        String key = "related_article" + e.getKey();
        if (!(e.getValue() instanceof Map<?, ?> entry)) {
          warn(key, "expected a mapping with id, title, subject and url, found " + describe(e.getValue()));
          continue;
        }
        int before = problems.size();
        String rid = id(entry.get("id"), key + ".id", false);
        String rtitle = optionalText(entry, "title", key + ".title");
        String rsubject = optionalText(entry, "subject", key + ".subject");
        String rurl = optionalText(entry, "url", key + ".url");
        if (problems.size() > before || rid == null) {
          continue;
        }
        // Exports repeat an id under several subjects; one link per article is enough.
        if (seen.add(rid)) {
          out.add(new RelatedRef(rid, rtitle == null ? "" : rtitle, rsubject == null ? "" : rsubject, rurl == null ? "" : rurl));
        }
      }
      return out;
    }

    /** Reads an id; a problem with it is fatal for the article's own id, a warning for a related one. */
    private String id(Object value, String field, boolean own) {
      String problem = null;
      String id = null;
      if (value == null) {
        problem = own ? "missing: expected the article's number" : "missing: expected the related article's number";
      } else if ((id = number(value)) == null) {
        problem = describe(value) + " is not a number";
      }
      if (problem != null) {
        if (own) {
          error(field, problem);
        } else {
          warn(field, problem);
        }
      }
      return id;
    }

    private static String number(Object value) {
      if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
        String s = value.toString();
        return s.startsWith("-") ? null : s;
      }
      if (value instanceof String s && DIGITS.matcher(s.strip()).matches()) {
        return s.strip();
      }
      return null;
    }

    private String text(Map<?, ?> from, String key, String field, boolean required) {
      Object value = from.get(key);
      if (value == null || (value instanceof String s && s.isBlank())) {
        if (required) {
          error(field, "missing: expected text");
        }
        return null;
      }
      if (value instanceof Map || value instanceof List) {
        if (required) {
          error(field, "expected text, found " + describe(value));
        } else {
          warn(field, "expected text, found " + describe(value));
        }
        return null;
      }
      return String.valueOf(value).strip();
    }

    private String optionalText(Map<?, ?> from, String key, String field) {
      return text(from, key, field, false);
    }

    private static String date(Object value) {
      if (value instanceof Date d) {
        return DAY.get().format(d);
      }
      return value == null ? "" : String.valueOf(value).strip();
    }

    private void error(String field, String message) {
      problems.add(Problem.ofField(source, field, message));
      fatal = true;
    }

    private void warn(String field, String message) {
      problems.add(Problem.ofField(source, field, message));
    }
  }
}
