package org.studybot.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The GNU Collaborative International Dictionary of English as Debian's {@code dict-gcide} package
 * ships it (a dictd index plus a gzip-compatible {@code .dict.dz}), reduced to single-word headwords
 * and their senses in plain text. It gives the generated corpus a real, wide English vocabulary.
 */
final class Dictionary {
  /** One headword and its senses, cleaned of pronunciation, etymology and citation markup. */
  record Entry(String word, List<String> senses) {
    Entry {
      senses = List.copyOf(senses);
    }
  }

  private static final Pattern HEADWORD = Pattern.compile("[A-Z]?[a-z]{3,18}");
  private static final Pattern INNER_BRACKETS = Pattern.compile("\\[[^\\[\\]]{0,400}\\]");
  private static final Pattern SOUNDS = Pattern.compile("\\([^()]{0,80}[\"*][^()]{0,80}\\)");
  private static final Pattern PRONUNCIATION = Pattern.compile("\\\\[^\\\\]{0,80}\\\\");
  private static final Pattern CITATION = Pattern.compile("--\\s?[A-Z][\\w. ]{0,30}?\\.(?=\\s|$)");
  private static final Pattern SENSE_NUMBER = Pattern.compile("\\s\\d{1,2}\\.\\s|\\s\\([a-z]\\)\\s");
  private static final Pattern GRAMMAR =
      Pattern.compile("^.{0,200}?\\b(?:n|v\\. t|v\\. i|a|adv|prep|conj|interj|pron|p\\. p|pl)\\.[,;]?\\s");
  private static final Pattern ODD = Pattern.compile("[^\\p{L}\\p{N} .,;:'()\\-]");

  private Dictionary() {}

  /** Reads every usable entry, in index order, one per lower-cased headword. */
  static List<Entry> read(Path index, Path dict) throws IOException {
    byte[] data;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dict), 1 << 16)) {
      data = in.readAllBytes();
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length != 3 || !HEADWORD.matcher(f[0]).matches()) {
        continue;
      }
      String word = f[0].toLowerCase(Locale.ROOT);
      if (entries.containsKey(word)) {
        continue;
      }
      long offset = decode(f[1]);
      long length = decode(f[2]);
      if (offset < 0 || length <= 0 || offset + length > data.length) {
        continue;
      }
      String raw = new String(data, (int) offset, (int) length, StandardCharsets.UTF_8);
      List<String> senses = senses(raw);
      if (!senses.isEmpty()) {
        entries.put(word, new Entry(word, senses));
      }
    }
    return new ArrayList<>(entries.values());
  }

  /** dictd's base-64 numbers: most significant digit first. */
  static long decode(String b64) {
    return org.studybot.eval.DictionaryDistractors.decode(b64);
  }

  /** The definition's senses as sentences, markup removed; empty when nothing readable is left. */
  static List<String> senses(String raw) {
    String text = raw.replace('\n', ' ');
    text = PRONUNCIATION.matcher(text).replaceAll(" ");
    // Etymologies nest brackets ([Ar. ab[=a]s]): remove the innermost until none are left.
    for (String before = null; !text.equals(before); ) {
      before = text;
      text = INNER_BRACKETS.matcher(text).replaceAll(" ");
    }
    text = SOUNDS.matcher(text).replaceAll(" ");
    text = CITATION.matcher(text).replaceAll(" ");
    text = text.replace("{", "").replace("}", "").replace("\\", " ");
    text = ODD.matcher(text).replaceAll(" ").replaceAll("\\s+", " ").strip();
    var grammar = GRAMMAR.matcher(text);
    if (grammar.find()) {
      text = text.substring(grammar.end());
    }
    List<String> out = new ArrayList<>();
    for (String s : SENSE_NUMBER.split(" " + text + " ")) {
      s = s.strip();
      if (s.length() >= 25 && s.length() <= 600 && Character.isLetter(s.charAt(0))) {
        out.add(Character.toUpperCase(s.charAt(0)) + s.substring(1));
      }
      if (out.size() == 6) {
        break;
      }
    }
    return out;
  }
}
