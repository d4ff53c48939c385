package org.studybot.answer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.studybot.content.Article;

/**
 * What kind of thing a question's answer is, when its form says so, and whether an article can
 * supply it. "Who discovered dna" wants a person, "when was the first vaccine made" a date,
 * "where was pythagoras born" a place: an article that explains DNA replication, vaccines or the
 * Pythagorean theorem shares the question's topic word but names no discoverer, no date of the
 * first vaccine and no birthplace, so it is not the answer, however well it matches the topic.
 * "Who came up with natural selection" is answered by the article that says "first described by
 * Charles Darwin" in the sentence about natural selection, and "when did the cold war end" by the
 * one that says it "ended after the fall of the Berlin Wall in 1989".
 *
 * <p>An article supplies a type when a sentence that holds one of the question's topic words, or
 * the next one when it points back at it ("The idea, developed by ..."), holds a name of a person (two or more capitalised words not opening the
 * sentence nor following "the", or initials and a surname: "B. F. Skinner"), a date (a year, a
 * month, a century, "476 CE") or a place (a capitalised name other than the question's own
 * words). An article's sentences and their entities are found when first needed and kept in a
 * bounded cache of recently used articles. Immutable and thread-safe.
 */
final class AnswerType {
  /** The kind of answer a question's form asks for. */
  enum Wanted {
    /** Who did something: "who discovered dna", "which scientist invented the vaccine". */
    PERSON,
    /** When: "when was the bastille stormed", "what year was dna discovered". */
    TIME,
    /** Where someone or something comes from or is: "where was pythagoras born". */
    PLACE,
    /**
     * A measure, a count or a record: "how deep is the pacific ocean", "how many people live in
     * london", "what is the speed of sound", "what is the tallest volcano".
     */
    QUANTITY,
    /** Nothing particular: an explanation. */
    ANY
  }

  // "who discovered ...", "who first ...", "who was the first ...", "whose idea ...", "which
  // scientist ...": a person is the answer. "who was vygotsky" asks about a person already named,
  // so it wants an explanation and is left alone.
  private static final String PERSON_NOUNS =
      "(?:scientist|psychologist|economist|poet|writer|author|king|queen|president|emperor|educator|philosopher|person"
          + "|inventor|mathematician|leader|chemist|physicist|biologist|researcher|thinker|general|engineer|man|woman"
          + "|explorer|ruler|pope|teacher|professor)s?";
  // Only a deed done asks for a name: "who discovered", "who wrote", "who first"; "who really pays
  // when a tariff is charged" and "who benefits" ask about a role, which an article explains.
  private static final Pattern PERSON =
      Pattern.compile(
          "^(?:who (?:really |actually |first |originally )?(?:\\w+ed|wrote|said|came|made|built|found|led|won|shot|sang|drew"
              + "|began|took|gave|thought|taught|ran|fought|beat|told|knew|saw|held|rode|spoke|set|put|came up|first|is credited"
              + "|was credited|gets credit)\\b|who (?:is|was|were) (?:the|a) (?:first|last|one|person|guy|inventor)\\b"
              + "|whose\\b|(?:which|what) " + PERSON_NOUNS + "\\b).*");
  // A date is asked of the past: "when was the bastille stormed", "what year did dna get
  // discovered"; "when do you add probabilities" asks for a condition.
  private static final Pattern TIME =
      Pattern.compile(
          "^(?:when (?:was|were|did|had)\\b|(?:in )?(?:what|which) (?:year|date|day|century|decade|month)\\b"
              + "|how long ago\\b|how old was\\b).*");
  // Where someone was born, lived or is from, or where a past event took place ("where did the
  // first flipped classroom happen"); the present tense asks for a part or a habitat, which an
  // article explains ("where does photosynthesis happen", "where is dna located", "where does the
  // energy from food come from").
  private static final Pattern PLACE =
      Pattern.compile(
          "^where (?:was|were|did)\\b.*\\b(?:born|buried|live|lived|grow up|grew up|die|died|raised|happen|happened"
              + "|take place|took place|start|started|begin|began|originate|originated|invented|discovered|first)\\b.*"
              + "|^where (?:is|are|was|were) \\w+(?: \\w+){0,2} (?:born|buried|from)$");

  // A measure ("how deep", "what is the speed of"), a count ("how many") or a record ("the
  // tallest"): the answer is a number or the one thing that holds the record. "How much" and "how
  // long" are left alone: "how much does inflation hurt savers" and "how long does mitosis take"
  // ask for an explanation as often as for a figure.
  private static final String MEASURES =
      "speed|population|height|depth|distance|mass|weight|temperature|diameter|radius|circumference|area|volume"
          + "|boiling point|melting point|freezing point|altitude|elevation|wavelength|frequency";
  private static final String RECORDS =
      "tallest|highest|deepest|largest|biggest|smallest|longest|shortest|fastest|slowest|heaviest|lightest|hottest"
          + "|coldest|oldest|youngest|richest|poorest|strongest|loudest|brightest|closest|farthest|furthest";
  private static final Pattern QUANTITY =
      Pattern.compile(
          "^(?:how (?:many|deep|tall|high|far|fast|heavy|hot|cold|wide|big|large|old is|old are)\\b"
              + "|(?:what|whats|which)(?: is| are| was| were)? (?:the )?(?:" + MEASURES + "|" + RECORDS + ")\\b).*");
  // A measure's own words: an article that can give the depth of something says "deep" or "depth".
  private static final Pattern MEASURE_WORDS =
      Pattern.compile("^(?:many|deep|tall|high|far|fast|heavy|hot|cold|wide|big|large|old|" + MEASURES + "|" + RECORDS
          + "|point|number)$");
  // The words an article gives a measure in: "how deep" is answered by "11,000 metres deep" or "a
  // depth of", "the tallest" by "the highest" or "metres tall".
  private static final Map<String, Set<String>> MEASURE_FAMILIES =
      Map.ofEntries(
          Map.entry("deep", Set.of("deep", "depth", "deepest")),
          Map.entry("tall", Set.of("tall", "high", "height", "tallest", "highest", "elevation", "altitude")),
          Map.entry("far", Set.of("far", "distance", "away", "farthest", "furthest")),
          Map.entry("fast", Set.of("fast", "speed", "velocity", "fastest", "per")),
          Map.entry("heavy", Set.of("heavy", "mass", "weight", "weighs", "heaviest")),
          Map.entry("hot", Set.of("hot", "cold", "temperature", "degrees", "hottest", "coldest")),
          Map.entry("wide", Set.of("wide", "width", "across", "diameter")),
          Map.entry("big", Set.of("big", "large", "size", "area", "biggest", "largest")),
          Map.entry("old", Set.of("old", "age", "oldest", "ago")),
          Map.entry("population", Set.of("population", "people", "inhabitants", "live")));
  // The words of a family a question asks a measure by ("how deep", "the height of"); the others
  // only give one ("45 km per hour", "a width of", "9 million people live there").
  private static final Set<String> GIVE_ONLY =
      Set.of("away", "velocity", "per", "weighs", "degrees", "width", "across", "size", "area", "age", "ago", "people",
          "live", "inhabitants");
  private static final Map<String, String> MEASURE_OF = measureOf();
  private static final Pattern NUMBER =
      Pattern.compile("\\d|\\b(?:hundred|thousand|million|billion|trillion|dozen)s?\\b", Pattern.CASE_INSENSITIVE);

  // Words of the question that say what is asked, not what about: left out of its topic.
  private static final Set<String> ASKING =
      Set.of(
          "who", "whos", "whose", "when", "where", "what", "which", "whats", "was", "were", "is", "are", "did", "does", "do",
          "had", "has", "have", "the", "a", "an", "of", "in", "on", "at", "to", "for", "by", "and", "or", "first", "last",
          "ever", "originally", "actually", "really", "exactly", "year", "date", "day", "century", "decade", "month", "how",
          "long", "ago", "old", "discover", "discovered", "discovers", "invent", "invented", "invents", "came", "come",
          "up", "with", "create", "created", "make", "made", "name", "named", "coin", "coined", "find", "found", "figure",
          "figured", "out", "start", "started", "begin", "began", "end", "ended", "happen", "happened", "build", "built",
          "write", "wrote", "written", "publish", "published", "develop", "developed", "propose", "proposed", "introduce",
          "introduced", "said", "say", "says", "idea", "born", "from", "buried", "live", "lived", "die", "died", "located",
          "based", "raised", "grow", "grew", "get", "got", "it", "its", "that", "this", "they", "them", "he", "she",
          "his", "her", "their", "there", "you", "i", "me", "my", "we", "our", "u", "ur", "one", "person", "people",
          "scientist", "scientists", "psychologist", "economist", "poet", "writer", "author", "inventor", "someone",
          "somebody", "guy", "man", "woman", "thing", "things", "be", "been", "being", "thought", "think", "use", "used",
          "about", "behind", "credit", "credited", "responsible", "famous", "known", "call", "called", "term", "word",
          "words", "s");

  private static final Pattern HEADING = Pattern.compile("(?:\\d+\\.\\s*)?\\*\\*([^*]{1,80})\\*\\*:?");
  private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]{1,80})\\*\\*");
  private static final Pattern PLAIN_CAPITALISED = Pattern.compile("(?<=[\\p{Ll},] )(\\p{Lu}\\p{Ll}+)(?!['’\\p{L}])");
  private static final Pattern OWNER = Pattern.compile("(?<![\\p{L}])(\\p{Lu}\\p{Ll}+)(?:'s|’s|')(?=\\s+[\\p{Ll}\\d])");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+(?=[A-Z0-9'\"(])|\\n+");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Pattern RUN = Pattern.compile("(?<![\\p{L}])\\p{Lu}\\p{Ll}+(?: \\p{Lu}\\p{Ll}+)*");
  // Two or more capitalised words in a row ("Charles Darwin", "Alfred Russel Wallace"), or
  // initials and a surname ("B. F. Skinner").
  private static final Pattern NAME =
      Pattern.compile("(?<![\\p{L}.])(?:\\p{Lu}\\. ?){1,3}\\p{Lu}\\p{Ll}+|(?<![\\p{L}])\\p{Lu}\\p{Ll}+(?: \\p{Lu}\\p{Ll}+){1,3}");
  private static final Pattern DATE =
      Pattern.compile(
          "\\b(?:1[0-9]{3}|20[0-9]{2})s?\\b|\\b\\d{1,4} ?(?:BCE|BC|CE|AD)\\b|\\b\\d{1,2}(?:st|nd|rd|th) century\\b"
              + "|\\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\\b"
              + "|\\b(?:ancient|medieval|prehistoric)\\b");
  private static final Set<String> NOT_NAMES =
      Set.of("the", "a", "an", "in", "on", "at", "of", "for", "by", "to", "with", "from", "as", "and", "or", "but", "it",
          "this", "that", "these", "those", "when", "while", "if", "because", "since", "after", "before", "during",
          "its", "their", "his", "her", "our", "your", "my", "each", "every", "some", "many", "most", "all", "both");

  /** One sentence of an article: its words (lower case) and which kinds of answer it names. */
  private record Sentence(
      Set<String> words, Set<String> people, Set<String> places, boolean date, boolean number, boolean listItem,
      boolean continues) {}

  // A sentence that opens by pointing back at the one before.
  private static final Pattern CONTINUES =
      Pattern.compile(
          "^(?:(?:it|its|this|these|that|those|he|she|they|his|her|their|such)\\b|the (?:idea|theory|term|concept|model"
              + "|approach|method|law|principle|process|experiment|study|book|work|paper|name|word|phrase|document|charter"
              + "|treaty|invention|discovery)\\b).*");

  // Only articles that were the best match of a who/when/where question are split; a few thousand
  // recent ones are kept (tens of kilobytes each at most), an article gone from the corpus is dropped.
  private static final Cache<Article, List<Sentence>> SENTENCES = Caffeine.newBuilder().weakKeys().maximumSize(2_000).build();

  private AnswerType() {}

  /** The kind of answer {@code question} (as cleaned) asks for. */
  static Wanted wanted(String question) {
    String t = SmallTalk.normalise(question);
    if (PERSON.matcher(t).matches()) {
      return Wanted.PERSON;
    }
    if (TIME.matcher(t).matches()) {
      return Wanted.TIME;
    }
    if (PLACE.matcher(t).matches()) {
      return Wanted.PLACE;
    }
    return QUANTITY.matcher(t).matches() ? Wanted.QUANTITY : Wanted.ANY;
  }

  /** The words of {@code question} that name what it is about (not what it asks). */
  static List<String> topic(String question) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(SmallTalk.normalise(question));
    while (m.find()) {
      String w = m.group();
      if (!ASKING.contains(w) && !MEASURE_WORDS.matcher(w).matches() && w.length() > 1) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * Whether {@code article} can answer {@code question} with the kind of thing it asks for: true
   * when the question asks for nothing particular, or it names no topic.
   */
  static boolean supplies(String question, Article article) {
    Wanted wanted = wanted(question);
    if (wanted == Wanted.ANY) {
      return true;
    }
    List<String> topic = topic(question);
    if (topic.isEmpty()) {
      return true;
    }
    Set<String> measures = wanted == Wanted.QUANTITY ? measures(question) : Set.of();
    List<Sentence> sentences = SENTENCES.get(article, AnswerType::sentences);
    for (int i = 0; i < sentences.size(); i++) {
      if (!mentions(sentences.get(i), topic)) {
        continue;
      }
      if (names(sentences.get(i), wanted, topic, measures)) {
        return true;
      }
      // The next sentence too when it goes on about the same thing: "Comparative advantage is ...
      // The idea, developed by David Ricardo in 1817, ...".
      if (i + 1 < sentences.size() && sentences.get(i + 1).continues() && names(sentences.get(i + 1), wanted, topic, measures)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Sentence s, List<String> topic) {
    for (String t : topic) {
      for (String w : s.words()) {
        if (sameWord(t, w)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Map<String, String> measureOf() {
    Map<String, String> out = new HashMap<>();
    MEASURE_FAMILIES.forEach((measure, words) -> words.stream()
        .filter(w -> !GIVE_ONLY.contains(w))
        .forEach(w -> out.put(w, measure)));
    return Map.copyOf(out);
  }

  /** The measures a question asks for ("deep", "fast"), none for a plain count ("how many"). */
  static Set<String> measures(String question) {
    Set<String> out = new HashSet<>();
    Matcher m = WORD.matcher(SmallTalk.normalise(question));
    while (m.find()) {
      String measure = MEASURE_OF.get(m.group());
      if (measure != null) {
        out.add(measure);
      }
    }
    return out;
  }

  private static boolean givesMeasure(Sentence s, Set<String> measures) {
    for (String measure : measures) {
      if (MEASURE_FAMILIES.get(measure).stream().noneMatch(s.words()::contains)) {
        return false;
      }
    }
    return true;
  }

  private static boolean names(Sentence s, Wanted wanted, List<String> topic, Set<String> measures) {
    return switch (wanted) {
      case PERSON -> s.people().stream().anyMatch(n -> !ownWords(n, topic));
      case TIME -> s.date();
      case PLACE -> s.places().stream().anyMatch(n -> !ownWords(n, topic));
      // A figure next to the topic, in the measure asked for: "The Mariana Trench is about 11,000
      // metres deep."
      case QUANTITY -> measures.isEmpty() ? s.number() || s.listItem() : s.number() && givesMeasure(s, measures);
      case ANY -> true;
    };
  }

  /** Whether every word of a name is one of the question's own topic words ("Pythagorean"). */
  private static boolean ownWords(String name, List<String> topic) {
    for (String w : name.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      if (!w.isEmpty() && topic.stream().noneMatch(t -> sameWord(t, w))) {
        return false;
      }
    }
    return true;
  }

  /** The same word up to an ending: a shared start of five letters, or equal when shorter. */
  static boolean sameWord(String a, String b) {
    if (a.length() < 5 || b.length() < 5) {
      return a.equals(b) || (a + "s").equals(b) || (b + "s").equals(a);
    }
    return a.regionMatches(0, b, 0, 5);
  }

  private static List<Sentence> sentences(Article a) {
    List<Sentence> out = new ArrayList<>();
    // A capitalised word the article also uses on its own ("Java", "Earth") names a thing; one
    // seen only owning something ("Freytag's pyramid") names a person.
    Set<String> things = new HashSet<>();
    Matcher plain = PLAIN_CAPITALISED.matcher(a.answer() + " " + a.description());
    while (plain.find()) {
      things.add(plain.group(1));
    }
    add(out, a.description(), "", things);
    // The keywords together: "scaffolding, ..., Jerome Bruner" says whose idea it was.
    add(out, String.join(", ", a.keywords()), "", things);
    for (String paragraph : a.answer().split("\\n+")) {
      // A paragraph under a bold heading is about the heading: its words count in every sentence.
      Matcher h = HEADING.matcher(paragraph.strip());
      String heading = "";
      String body = paragraph.strip();
      if (h.lookingAt()) {
        heading = h.group(1);
        // An item of a numbered list counts what the list is of ("Here are the main stages: 1. ...
        // 6. ..."): a figure for a "how many" question, not for a measure.
        if (Character.isDigit(body.charAt(0))) {
          heading = "#" + heading;
        }
        body = body.substring(h.end()).strip();
      }
      for (String sentence : SENTENCE_END.split(BOLD.matcher(body).replaceAll("$1"))) {
        add(out, sentence, heading, things);
      }
    }
    return List.copyOf(out);
  }

  private static void add(List<Sentence> out, String text, String heading, Set<String> things) {
    String s = text.strip();
    if (!s.isEmpty()) {
      out.add(sentence(s, heading, things));
    }
  }

  /** One sentence's words (and its heading's) and the names and dates it holds. */
  private static Sentence sentence(String s, String heading, Set<String> things) {
    Set<String> words = new HashSet<>();
    Matcher w = WORD.matcher((heading + " " + s).toLowerCase(Locale.ROOT));
    while (w.find()) {
      words.add(w.group());
    }
    Set<String> people = new HashSet<>();
    Matcher n = NAME.matcher(s);
    while (n.find()) {
      String name = n.group();
      // "the Industrial Revolution", and opening the sentence "The Transmission Control Protocol"
      // or "In Festinger...": a thing, not a person. "Peter Wason asked" opens with a name.
      boolean opensWithWord = n.start() == 0 && NOT_NAMES.contains(name.substring(0, name.indexOf(' ') < 0 ? name.length()
          : name.indexOf(' ')).toLowerCase(Locale.ROOT));
      if (opensWithWord || precededByThe(s, n.start())) {
        continue;
      }
      people.add(name);
    }
    // "Freytag's pyramid", "Hargreaves's spinning jenny": a capitalised word that owns something.
    Matcher o = OWNER.matcher(s);
    while (o.find()) {
      if (o.start() > 0 && !precededByThe(s, o.start()) && !things.contains(o.group(1))) {
        people.add(o.group(1));
      }
    }
    // Places are often one word ("Sarajevo", "Runnymede"): a run of capitalised words neither
    // opening the sentence nor following "the" ("the Western Roman Empire" is a thing).
    Matcher c = RUN.matcher(s);
    Set<String> places = new HashSet<>();
    while (c.find()) {
      String first = c.group().split(" ")[0].toLowerCase(Locale.ROOT);
      if (c.start() == 0 || NOT_NAMES.contains(first) || precededByThe(s, c.start())) {
        continue;
      }
      if (c.start() >= 2 && ".!?".indexOf(s.charAt(c.start() - 2)) >= 0) {
        continue;
      }
      places.add(c.group());
    }
    return new Sentence(Set.copyOf(words), Set.copyOf(people), Set.copyOf(places), DATE.matcher(s).find(),
        NUMBER.matcher(s).find(), heading.startsWith("#"), CONTINUES.matcher(s.toLowerCase(Locale.ROOT)).matches());
  }

  private static boolean precededByThe(String s, int at) {
    String before = s.substring(Math.max(0, at - 4), at).toLowerCase(Locale.ROOT);
    return before.endsWith("the ");
  }

  /** For tests: the kinds of answer one sentence names. */
  static Set<Wanted> kinds(String sentence) {
    Sentence s = sentence(sentence, "", Set.of());
    Set<Wanted> out = EnumSet.noneOf(Wanted.class);
    if (!s.people().isEmpty()) {
      out.add(Wanted.PERSON);
    }
    if (s.date()) {
      out.add(Wanted.TIME);
    }
    if (!s.places().isEmpty()) {
      out.add(Wanted.PLACE);
    }
    if (s.number()) {
      out.add(Wanted.QUANTITY);
    }
    return out;
  }
}
