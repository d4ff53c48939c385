package org.studybot.answer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Writes small articles in the seed's format for the tests of background embedding. */
final class ThreeArticles {
  private ThreeArticles() {}

  /** A virus, recursion and molar mass article under {@code content}. */
  static void write(Path content) throws IOException {
    write(content, "170201", "Biology", "What is a virus and how does it infect a host?",
        "A virus is a tiny infectious particle of genes in a protein coat that hijacks a host to copy itself.");
    write(content, "170216", "Computer Science", "What is recursion in programming?",
        "Recursion is when a function calls itself on a smaller input until it reaches a base case.");
    write(content, "170133", "Chemistry", "How do you calculate molar mass?",
        "Add up the atomic masses of every atom in the formula, in grams per mole.");
  }

  /** One article whose title is also its question. */
  static void write(Path content, String id, String subject, String title, String answer) throws IOException {
    Path d = content.resolve(subject.toLowerCase(Locale.ROOT).replace(' ', '-'));
    Files.createDirectories(d);
    Files.writeString(d.resolve(id + ".md"), String.join("\n",
        "---", "id: " + id, "title: >-", "    " + title, "question: >-", "    " + title, "answer: >-", "    " + answer,
        "subject: " + subject, "url: /learn/x/" + id, "---", "&nbsp;", ""));
  }
}
