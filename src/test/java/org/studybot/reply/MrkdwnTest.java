package org.studybot.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.studybot.content.AnswerText;

/** The escaping model's building blocks, case by case. */
class MrkdwnTest {
  private static final String SITE = "https://quicktakes.io";

  @Test
  void onlyHttpHttpsAndMailtoAreLinkedAndSitePathsAreResolved() {
    assertEquals(Optional.of("https://x.org/a?b=1&c=2"), Mrkdwn.safeUrl("https://x.org/a?b=1&c=2", SITE));
    assertEquals(Optional.of("HTTP://x.org"), Mrkdwn.safeUrl("HTTP://x.org", SITE));
    assertEquals(Optional.of("mailto:help@example.org"), Mrkdwn.safeUrl("mailto:help@example.org", SITE));
    assertEquals(Optional.of("https://quicktakes.io/learn/a"), Mrkdwn.safeUrl("/learn/a", SITE));
    assertEquals(Optional.of("https://quicktakes.io/learn/a"), Mrkdwn.safeUrl("/learn/a", SITE + "/"));
    assertEquals(Optional.of("https://quicktakes.io/learn/a"), Mrkdwn.safeUrl("learn/a", SITE));
    assertEquals(Optional.of("https://en.wikipedia.org/wiki/Set_(mathematics)"),
        Mrkdwn.safeUrl("https://en.wikipedia.org/wiki/Set_(mathematics)", SITE));
    for (String bad : new String[] {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "ftp://x.org/f",
        "https://x.org/a b", "https://x.org/<!channel>", "https://x.org|label", "//evil.example/x", "mailto:nobody",
        "https://", "file:///etc/passwd", "", "   ", "https://x.org/" + "a".repeat(Mrkdwn.MAX_URL_CHARS)}) {
      assertEquals(Optional.empty(), Mrkdwn.safeUrl(bad, SITE), bad);
    }
    assertEquals(Optional.empty(), Mrkdwn.safeUrl("/learn/a", null), "no site: a path is not linked");
  }

  @Test
  void linksEscapeTheirTargetAndLabelAndRefusedOnesAreText() {
    assertEquals("<https://x.org/a?b=1&amp;c=2|R&amp;D ∗now∗ a/b>", Mrkdwn.link("https://x.org/a?b=1&c=2", "R&D *now* a|b", SITE));
    assertEquals("Click &lt;!here&gt;", Mrkdwn.link("javascript:alert(1)", "Click <!here>", SITE));
    assertEquals("Read more on the site: https://quicktakes.io/learn/a b",
        Mrkdwn.linkOrText("/learn/a b", "Read more on the site →", SITE));
    assertEquals("<https://quicktakes.io/learn/a|Read more →>", Mrkdwn.linkOrText("/learn/a", "Read more →", SITE));
    String longLabel = Mrkdwn.link("https://x.org", "w".repeat(10_000), SITE);
    assertTrue(longLabel.length() < Mrkdwn.MAX_LABEL_CHARS + 30, "label cut: " + longLabel.length());
  }

  @Test
  void answerMarkdownBecomesSafeMrkdwn() {
    AnswerText t = AnswerText.parse(
        "See [the set](https://en.wikipedia.org/wiki/Set_(mathematics)), [a path](/learn/x), [broken](https://x.org/a b),"
            + " [script](javascript:alert(1)) and **C* _bold_**.");
    assertEquals(
        "See <https://en.wikipedia.org/wiki/Set_(mathematics)|the set>, <https://quicktakes.io/learn/x|a path>, "
            + "broken (https://x.org/a b), script (javascript:alert(1)) and *C∗ ˍboldˍ*.",
        Mrkdwn.of(t, SITE));
  }

  @Test
  void literalTextCannotOpenOrCloseEmphasisOrCode() {
    assertEquals("*C∗-algebras ˍandˍ ∼thisˋ*", Mrkdwn.bold("C*-algebras _and_ ~this`"));
    assertEquals("_R&amp;D_", Mrkdwn.italic("R&D"));
    assertEquals("  ", Mrkdwn.bold("  "), "blank text is not wrapped");
  }

  @Test
  void fallbacksAreEscapedOnceAndCutWithoutBreakingAnEntity() {
    assertEquals("&lt;!channel&gt; &amp;amp; &lt;@U1&gt;", Mrkdwn.fallback("<!channel> &amp; <@U1>", 3000));
    for (int max = 2; max < 30; max++) {
      String c = Mrkdwn.fallback("& & & & & & & & & & & &", max);
      assertTrue(c.length() <= max && !c.matches(".*&[a-z]{0,3}…$"), c);
    }
  }
}
