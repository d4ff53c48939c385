package org.studybot.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Slack's wire text becomes plain text once: markup resolved, entities decoded in one pass. */
class SlackTextTest {
  @Test
  void markupIsResolvedAndEntitiesDecodedOnce() {
    assertEquals("what is R&D?", SlackText.plain("<@UBOT> what is R&amp;D?"));
    assertEquals("is 3 < 5 > 2", SlackText.plain("is 3 &lt; 5 &gt; 2"));
    // The student typed "&lt;" literally: Slack sends "&amp;lt;", which is "&lt;" again, not "<".
    assertEquals("what does &lt; mean", SlackText.plain("what does &amp;lt; mean"));
    assertEquals("hi", SlackText.plain("<!channel> <!here|@here> hi <@U123|bob>"));
    assertEquals("see #general and photosynthesis notes",
        SlackText.plain("see <#C123|general> and <https://x.org/p?a=1&amp;b=2|photosynthesis notes>"));
    assertEquals("read this", SlackText.plain("read <https://evil.example> this"));
    assertEquals("<!channel> typed as text", SlackText.plain("&lt;!channel&gt; typed as text"));
    assertEquals("", SlackText.plain(null));
  }
}
