package org.studybot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.answer.GatedEmbedder;

/**
 * {@code eval --quick}'s table of interim cut-offs puts words alone beside each cut-off, counts the
 * off-topic questions the interim answers that words alone decline, names them with {@code
 * --verbose}, and marks the cut-offs that meet the condition the interim ships under.
 */
class EvalQuickTableTest {
  private static final Pattern TOTAL =
      Pattern.compile("(?m)^in-scope answered correctly: +([0-9.]+)% +off-topic not answered: +([0-9.]+)%");
  private static final Pattern WORDS = Pattern.compile("(?m)^  words +([0-9.]+)% / +([0-9.]+)%$");
  private static final Pattern ROW =
      Pattern.compile("(?m)^  ([0-9]\\.[0-9]{2}) +([0-9.]+)% / +([0-9.]+)% / ([0-9]+)(  meets)?$");

  @TempDir Path tmp;

  @Test
  void theTableReadsWordsAloneBesideEachCutOffAndMarksThoseThatMeetTheCondition() throws Exception {
    Path set = Files.createDirectories(tmp.resolve("set"));
    Files.writeString(set.resolve("small.tsv"), """
        kind\tsubject\tquestion\texpected_id
        casual\t\thow does photosynthesis work\t170205
        casual\t\thow do plants turn sunlight into food\t170205
        casual\t\twhat is dna replication\t170201
        offtopic\t\twhat is the best pizza in town\tnone
        offtopic\t\thow do i fix my bike chain\tnone
        offtopic\t\tis the library open on sunday\tnone
        """);
    String config = Files.writeString(tmp.resolve("c.yml"), "data_dir: " + tmp.resolve("data") + "\n").toString();
    GatedEmbedder embedder = new GatedEmbedder();
    embedder.open.countDown();

    MainTest.Run words = MainTest.content("", "eval", "--set", set.toString());
    MainTest.Run quick = MainTest.run(main -> main.embedder(() -> embedder), "",
        "eval", "--quick", "--verbose", "--set", set.toString(), "--content", "content", "--config", config);

    assertEquals(0, words.code(), words.err());
    assertEquals(0, quick.code(), quick.err());
    Matcher total = TOTAL.matcher(words.out());
    assertTrue(total.find(), words.out());
    Matcher wordsRow = WORDS.matcher(quick.out());
    assertTrue(wordsRow.find(), quick.out());
    assertEquals(total.group(1) + " / " + total.group(2), wordsRow.group(1) + " / " + wordsRow.group(2),
        "the words row is what eval --semantic off measures:\n" + quick.out());

    double wordsIn = Double.parseDouble(wordsRow.group(1));
    List<String> lines = quick.out().lines().toList();
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher row = ROW.matcher(lines.get(i));
      if (!row.matches()) {
        continue;
      }
      double in = Double.parseDouble(row.group(2));
      double off = Double.parseDouble(row.group(3));
      int worse = Integer.parseInt(row.group(4));
      assertEquals(in >= wordsIn && worse == 0, row.group(5) != null, "marked as meeting the condition: " + lines.get(i));
      int named = 0;
      while (i + 1 + named < lines.size() && lines.get(i + 1 + named).startsWith("         \"")) {
        named++;
      }
      assertEquals(worse, named, "--verbose names each off-topic question counted:\n" + quick.out());
      rows.add(new double[] {Double.parseDouble(row.group(1)), in, off, worse});
    }
    assertEquals(16, rows.size(), quick.out());
    for (int i = 1; i < rows.size(); i++) {
      // A larger cut-off answers no question a smaller one declines.
      assertTrue(rows.get(i)[0] > rows.get(i - 1)[0], quick.out());
      assertTrue(rows.get(i)[1] <= rows.get(i - 1)[1] && rows.get(i)[2] >= rows.get(i - 1)[2]
          && rows.get(i)[3] <= rows.get(i - 1)[3], "monotone in the cut-off:\n" + quick.out());
    }
  }
}
