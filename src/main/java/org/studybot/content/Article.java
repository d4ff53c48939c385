package org.studybot.content;

import java.util.List;
import java.util.Objects;

/**
 * One Q&amp;A article, as read from its front matter. Immutable and thread-safe.
 *
 * @param id the article's id (digits)
 * @param title the title ({@code title}, else {@code article_title}, else {@code question})
 * @param question the question it answers ({@code question}, else the title)
 * @param subject the subject as written ({@code Computer Science})
 * @param url the path on the site ({@code /learn/...})
 * @param date the publication date as written, or {@code ""}
 * @param description {@code seo.page_description}, or {@code ""} when absent
 * @param keywords {@code seo.page_keywords} split on commas
 * @param answer the answer with its paragraph breaks as real newlines and markup kept
 * @param related the {@code related_articleN} entries in order, repeated ids collapsed
 * @param source where it was read from (for messages)
 */
public record Article(
    String id,
    String title,
    String question,
    String subject,
    String url,
    String date,
    String description,
    List<String> keywords,
    String answer,
    List<RelatedRef> related,
    String source) {

  public Article {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(url, "url");
    question = question == null ? title : question;
    date = date == null ? "" : date;
    description = description == null ? "" : description;
    keywords = List.copyOf(keywords);
    answer = answer == null ? "" : answer;
    related = List.copyOf(related);
    source = source == null ? "" : source;
  }

  /** The subject's key, for filtering: {@code computer-science}. */
  public String subjectKey() {
    return Slugs.subject(subject);
  }

  /** The answer parsed into paragraphs and styled spans (parsed on each call: cheap, rarely needed). */
  public AnswerText answerText() {
    return AnswerText.parse(answer);
  }
}
