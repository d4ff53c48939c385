package org.studybot.semantic;

import java.util.List;
import org.studybot.content.Article;

/** Articles for tests, built in memory. */
final class Fixtures {
  private Fixtures() {}

  static Article article(String id, String subject, String title, String answer) {
    String slug = title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    return new Article(id, title, title, subject, "/learn/" + slug, "", "", List.of(), answer, List.of(), id + ".md");
  }

  static List<Article> corpus() {
    return List.of(
        article("1", "Computer Science", "How does binary search work?",
            "Binary search finds an item in a sorted list by repeatedly halving the part still to search."),
        article("2", "Computer Science", "What is a hash table?",
            "A hash table stores values in buckets chosen by a hash of the key, for constant time lookup."),
        article("3", "English", "What is a simile?",
            "A simile is a figure of speech that compares two unlike things using the words like or as."),
        article("4", "English", "What is a metaphor?",
            "A metaphor states that one thing is another, a comparison made without like or as."),
        article("5", "Biology", "How does photosynthesis work?",
            "Plants use light energy to turn carbon dioxide and water into glucose and oxygen."),
        article("6", "Biology", "What is a virus?",
            "A virus is a tiny infectious particle that copies itself inside the cells of a host."));
  }
}
