package org.studybot.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.studybot.answer.Answerer;
import org.studybot.answer.Catalog;
import org.studybot.answer.Question;
import org.studybot.answer.ReloadReport;
import org.studybot.answer.Study;
import org.studybot.reply.ArticleRef;
import org.studybot.reply.TextRenderer;
import org.studybot.search.CorpusIndex;

/**
 * The interactive terminal session: questions in, answers out, plus a few slash commands. Reads
 * piped input as well as a terminal (it prompts only on a terminal).
 */
final class Shell {

  private final BufferedReader in;
  private final PrintStream out;
  private final Answerer answerer;
  private final Catalog catalog;
  private final boolean interactive;
  private final TextRenderer renderer = new TextRenderer(false);

  Shell(InputStream in, PrintStream out, Answerer answerer, boolean interactive) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.answerer = answerer;
    this.catalog = answerer.catalog();
    this.interactive = interactive;
  }

  int run() {
    CorpusIndex index = answerer.library().current();
    out.printf(
        "StudyBot: %d articles in %d subjects. Ask a question, or /help.%n", index == null ? 0 : index.size(),
        index == null ? 0 : index.subjects().size());
    try {
      while (true) {
        if (interactive) {
          out.print("> ");
          out.flush();
        }
        String line = in.readLine();
        if (line == null) {
          return Main.OK;
        }
        line = line.strip();
        if (line.isEmpty()) {
          continue;
        }
        if (!handle(line)) {
          return Main.OK;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Handles one line; false to quit. */
  private boolean handle(String line) {
    String command = line.split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
    String rest = line.contains(" ") ? line.substring(line.indexOf(' ') + 1).strip() : "";
    switch (command) {
      case "/quit", "/exit", "/q" -> {
        return false;
      }
      case "/help" -> out.print(help());
      case "/subjects" -> subjects();
      case "/reload" -> reload();
      case "/study" -> study(rest);
      default -> {
        if (command.startsWith("/")) {
          out.println("Unknown command " + command + ". Try /help.");
        } else {
          out.print(renderer.render(answerer.answer(Question.of(line).from(Question.SHELL))));
        }
      }
    }
    out.println();
    return true;
  }

  private String help() {
    return """
        Type a question in your own words, e.g. "why do we have seasons?"
          /study                     the subjects
          /study <subject>           a subject's articles
          /study <subject> <question> search one subject
          /subjects                  the subjects with article counts
          /reload                    re-read the content directory
          /quit                      leave
        """;
  }

  private void subjects() {
    for (CorpusIndex.Subject s : catalog.subjects()) {
      out.printf("  %-28s %4d articles   (/study %s)%n", s.name(), s.articles(), s.key());
    }
  }

  private void study(String args) {
    Study s = answerer.study(args, Integer.MAX_VALUE / 2, Question.SHELL);
    if (s instanceof Study.Subjects) {
      subjects();
    } else if (s instanceof Study.Listing listing) {
      Catalog.Page page = listing.page();
      out.printf("%s: %d articles%n", page.subject().name(), page.subject().articles());
      for (ArticleRef a : page.articles()) {
        out.println("  - " + a.title() + "  " + a.link());
      }
    } else {
      out.print(renderer.render(((Study.Answer) s).reply()));
    }
  }

  private void reload() {
    out.println("Reloading " + answerer.library().contentDir() + " ...");
    try {
      ReloadReport r = answerer.library().reload().get();
      out.println(r.message());
      if (r.load() != null) {
        r.load().problems().forEach(p -> out.println("  skipped: " + p));
        r.load().staleNotes().forEach(n -> out.println("  stale: " + n));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      out.println("Reload failed: " + e.getCause() + ". Still serving the previous articles.");
    }
  }
}
