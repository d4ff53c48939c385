package org.studybot.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cleaning what students type: Slack markup, entities, control characters, shorthand, length. */
class QueryTextTest {

  @Test
  void mentionsAndBroadcastsAreDropped() {
    assertEquals("what is entropy?", QueryText.clean("<@U123ABC> what is entropy? <!here>", 2000));
    assertEquals("hi", QueryText.clean("<!channel|@channel> hi", 2000));
  }

  @Test
  void linksKeepTheirLabelAndBareUrlsGo() {
    assertEquals("see photosynthesis notes", QueryText.clean("see <https://x.org/p|photosynthesis> notes", 2000));
    assertEquals("read this", QueryText.clean("read <https://example.org/a?b=c> this", 2000));
    assertEquals("in biology", QueryText.clean("in <#C123|biology>", 2000));
    assertEquals("in", QueryText.clean("in <#C123>", 2000));
  }

  @Test
  void entitiesAreDecodedAndEmojiCodesRemoved() {
    // Plain text: the Slack adapter decodes entities once; a comparison is not markup.
    assertEquals("supply & demand <3 > 2", QueryText.clean("supply & demand <3 > 2", 2000));
    assertEquals("is 3 < 5 and 7 > 2", QueryText.clean("is 3 < 5 and 7 > 2", 2000));
    assertEquals("what does &lt; mean", QueryText.clean("what does &lt; mean", 2000));
    assertEquals("why is the sky blue", QueryText.clean("why is the sky blue :thinking_face: :+1:", 2000));
  }

  @Test
  void controlAndFormatCharactersBecomeSpaces() {
    assertEquals("what is entropy", QueryText.clean("what\u0000is\u0007entropy\u200b", 2000));
    assertEquals("abc def", QueryText.clean("abc\u202edef\u202c", 2000));
    assertEquals("a b", QueryText.clean("a\r\n\t b", 2000));
    assertEquals("a b", QueryText.clean("a\uD800b", 2000)); // a lone surrogate
  }

  @Test
  void longInputIsCut() {
    assertEquals(10, QueryText.clean("x".repeat(100_000), 10).length());
    assertEquals("", QueryText.clean(null, 10));
  }

  @Test
  void cutNeverLeavesHalfASurrogatePair() {
    String text = "ab" + "😀".repeat(10);
    String cleaned = QueryText.clean(text, 3); // would cut between the two halves of the first emoji
    assertTrue(cleaned.chars().noneMatch(c -> Character.isSurrogate((char) c)), cleaned);
  }

  @Test
  void shorthandIsExpandedAsWholeWordsOnly() {
    assertEquals("what caused the grate depression", QueryText.normalize("wat caused the grate depression", 2000));
    assertEquals("difference between mitosis and meiosis", QueryText.normalize("diff btwn mitosis n meiosis", 2000));
    assertEquals("why are cells with oxygen", QueryText.normalize("Y r cells w/ oxygen", 2000));
    // Inside a longer word nothing is expanded.
    assertEquals("wattage yes", QueryText.normalize("wattage yes", 2000));
  }

  @Test
  void normalizeDoesNotInterpretQuerySyntax() {
    assertEquals("what is \"entropy AND (heat", QueryText.normalize("what is \"entropy AND (heat", 2000));
    assertEquals("*", QueryText.normalize("*", 2000));
  }

  @Test
  void pictographsAndTheirModifiersAreRemovedButLettersKept() {
    assertEquals("how does DNA replication work?", QueryText.clean("how does DNA replication work? 🧬👩🏽‍🔬", 2000));
    assertEquals("café naïve 中文 שלום", QueryText.clean("café ✨ naïve 中文 ❤️ שלום", 2000));
  }
}
