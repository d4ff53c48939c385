package org.studybot.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;

/**
 * A real Git remote for tests: a bare repository ({@code site.git}) and a working clone an "editor"
 * commits to and pushes from, as CloudCannon does. Served over {@code file://} and, on request,
 * over {@code git daemon} on loopback (a real process, stopped by {@link #close()}).
 */
final class GitRemote implements AutoCloseable {
  final Path base;
  final Path bare;
  final Path work;
  final Git editor;
  private Process daemon;
  private int port;

  GitRemote(Path base) throws Exception {
    this.base = base;
    this.bare = base.resolve("site.git");
    this.work = base.resolve("editor");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    editor = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
    editor.remoteAdd().setName("origin").setUri(new URIish(bare.toUri().toString())).call();
  }

  /** {@code file:///…/site.git}. */
  String fileUrl() {
    return bare.toUri().toString();
  }

  /** Writes an article into the editor's tree under {@code folder}. */
  void article(String folder, String id, String title) throws IOException {
    write((folder.isEmpty() ? "" : folder + "/") + id + ".md",
        "---\n_schema: default\nid: " + id + "\ntitle: >-\n    " + title + "\nanswer: >-\n    All about " + title
            + ".\nsubject: Physics\nurl: /learn/physics/questions/q" + id + "\n---\n\n&nbsp;\n");
  }

  void write(String path, String text) throws IOException {
    Path f = work.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text, StandardCharsets.UTF_8);
  }

  void delete(String path) throws IOException {
    Files.delete(work.resolve(path));
  }

  /** Commits everything in the editor's tree as {@code author}; returns the commit. */
  RevCommit commit(String author, String message) throws Exception {
    editor.add().addFilepattern(".").call();
    editor.add().addFilepattern(".").setUpdate(true).call();
    PersonIdent who = new PersonIdent(author, author.toLowerCase().replace(' ', '.') + "@example.org");
    return editor.commit().setMessage(message).setAuthor(who).setCommitter(who).call();
  }

  void push(String branch) throws Exception {
    editor.push().setRemote("origin").setRefSpecs(new RefSpec("+HEAD:refs/heads/" + branch)).call();
  }

  void push() throws Exception {
    push("main");
  }

  /** Rewrites history: the editor's branch goes back to {@code to}, as before a force push. */
  void resetTo(RevCommit to) throws Exception {
    editor.reset().setMode(ResetType.HARD).setRef(to.name()).call();
  }

  void deleteBranch(String branch) throws Exception {
    editor.push().setRemote("origin").setRefSpecs(new RefSpec(":refs/heads/" + branch)).call();
  }

  /** Starts {@code git daemon} on a free loopback port and returns the repository's git:// URL. */
  String daemonUrl() throws Exception {
    if (daemon == null) {
      if (port == 0) { // a restart keeps the port, so the URL stays the same
        try (ServerSocket s = new ServerSocket(0)) {
          port = s.getLocalPort();
        }
      }
      daemon =
          new ProcessBuilder(
                  List.of("git", "daemon", "--verbose", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                      "--port=" + port, "--base-path=" + base, base.toString()))
              .redirectErrorStream(true)
              .start();
      CountDownLatch ready = new CountDownLatch(1);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = r.readLine()) != null; ) {
                    if (line.contains("Ready to rumble")) {
                      ready.countDown();
                    }
                  }
                } catch (IOException e) {
                  // the daemon stopped
                }
              },
              "git-daemon-log");
      reader.setDaemon(true);
      reader.start();
      if (!ready.await(20, TimeUnit.SECONDS)) {
        close();
        throw new IllegalStateException("git daemon did not start on port " + port);
      }
    }
    return "git://127.0.0.1:" + port + "/site.git";
  }

  /** Stops the daemon (the remote becomes unreachable over git://). */
  void stopDaemon() throws InterruptedException {
    if (daemon != null) {
      daemon.descendants().forEach(ProcessHandle::destroy);
      daemon.destroy();
      if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
        daemon.destroyForcibly();
        daemon.waitFor(10, TimeUnit.SECONDS);
      }
      daemon = null;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopDaemon();
    editor.close();
  }
}
