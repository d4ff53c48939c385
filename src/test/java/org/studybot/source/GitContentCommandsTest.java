package org.studybot.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.cli.Main;

/** The command line over content.git.url: the checkout is the content, for answers and validate. */
class GitContentCommandsTest {
  @TempDir Path tmp;

  private record Run(int code, String out, String err) {}

  private Run run(Path config, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] argv = new String[args.length + 1];
    argv[0] = args[0];
    argv[1] = "--config=" + config;
    System.arraycopy(args, 1, argv, 2, args.length - 1);
    int code =
        new Main(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(Secrets_GIT_TOKEN, "ghp_notLogged"))
            .run(argv);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final String Secrets_GIT_TOKEN = org.studybot.config.Secrets.GIT_TOKEN;

  @Test
  void answersAndValidatesFromTheCheckoutAndMarksStaleArticles() throws Exception {
    try (GitRemote remote = new GitRemote(tmp.resolve("remote"))) {
      remote.article("content/physics", "1", "What is entropy");
      remote.article("content/physics", "2", "What is enthalpy");
      remote.write("README.md", "# site\n");
      RevCommit first = remote.commit("Ana Lee", "Two physics articles");
      remote.push();
      Path config = tmp.resolve("studybot.yml");
      Files.writeString(config,
          "data_dir: " + tmp.resolve("data") + "\n"
              + "search: {semantic: off}\n"
              + "content:\n  git:\n    url: " + remote.fileUrl() + "\n    path: content\n");

      Run ask = run(config, "ask", "what is entropy");
      assertEquals(0, ask.code(), ask.err());
      assertTrue(ask.out().contains("What is entropy"), ask.out());
      assertTrue(ask.err().contains("content_dir (content) is not used"), ask.err());
      assertTrue(ask.err().contains("commit " + first.abbreviate(7).name() + " by Ana Lee: Two physics articles"), ask.err());
      assertFalse(ask.err().contains("ghp_notLogged"));

      Run clean = run(config, "validate");
      assertEquals(0, clean.code(), clean.out() + clean.err());
      assertTrue(clean.out().startsWith("checking commit " + first.abbreviate(7).name()), clean.out());

      remote.write("content/physics/1.md", "---\nid: 1\ntitle: [What is entropy\n---\n");
      remote.commit("Ben Ode", "Break entropy");
      remote.push();

      // The next start fetches the broken edit: entropy keeps its last good version.
      Run again = run(config, "ask", "what is entropy");
      assertEquals(0, again.code(), again.err());
      assertTrue(again.out().contains("What is entropy"), again.out());
      assertTrue(again.err().contains("1 broken file, its article still served from the last good version (stale)"),
          again.err());

      Run stale = run(config, "validate");
      assertEquals(1, stale.code(), stale.out());
      assertTrue(stale.out().contains("content/physics/1.md: stale: the bot still serves its last good version (id 1"),
          stale.out());
      assertTrue(stale.out().contains("1 stale"), stale.out());
    }
  }

  @Test
  void aFirstStartWithoutTheRepositoryFailsWithTheReason() throws Exception {
    Path config = tmp.resolve("studybot.yml");
    String url = tmp.resolve("nowhere.git").toUri().toString();
    Files.writeString(config, "data_dir: " + tmp.resolve("data") + "\nsearch: {semantic: off}\ncontent: {git: {url: " + url + "}}\n");
    Run ask = run(config, "ask", "what is entropy");
    assertEquals(1, ask.code());
    assertTrue(ask.err().contains(url), ask.err());
    Files.writeString(config, "content: {git: {url: \"https://user:pw@example.org/site.git\"}}\n");
    Run bad = run(config, "validate");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("content.git.url: must not hold a password or token"), bad.err());
    assertFalse(bad.err().contains("pw@"), bad.err());
  }
}
