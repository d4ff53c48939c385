package org.studybot.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.studybot.files.PrivateFiles;

/**
 * Articles from a Git repository, checked out under the data directory. Thread-safe: every method
 * holds the source's lock, so one reload at a time moves the checkout.
 *
 * <p>The first {@link #update()} makes a shallow clone (depth 1, the one branch) into a side
 * directory and moves it into place only when complete, so a clone cut short never looks like a
 * repository. Later updates fetch the branch and reset the checkout hard to its head: a force push
 * is followed (a fast-forward-only pull would stick) and reported as rewritten history. Git itself
 * rewrites only the files that differ between the two commits, so the loader, which reuses every
 * file whose size and time did not change, parses only what changed.
 *
 * <p>{@link #served()} and {@link #branch()} answer at once, even while an update runs.
 *
 * <p>Failures keep the last good checkout: an unreachable remote, refused credentials, a deleted
 * branch, a repository over {@link GitSettings#maxBytes()}. Each is returned as a {@link
 * SourceUpdate} naming the remote and the rule; the next update tries again.
 *
 * <p>The token ({@code STUDYBOT_GIT_TOKEN}) is handed to each network call and never stored: the
 * checkout's {@code .git/config} holds the plain URL, and messages never contain the token.
 */
public final class GitContentSource implements ContentSource {
  /** How long one network step may stall before it fails. */
  static final int TIMEOUT_SECONDS = 60;

  private static final String REMOTE = "origin";
  /** The user name sent with a token when the URL names none: what GitHub documents for tokens. */
  private static final String TOKEN_USER = "x-access-token";

  private final GitSettings settings;
  private final Path repoDir;
  private final Path contentDir;
  private final Optional<String> token;
  private final Consumer<String> log;
  private Git git;
  // Read without the lock (the webhook, /studybot stats) while an update may hold it for a fetch.
  private volatile SourceVersion served;
  private volatile String servedBranch;

  /**
   * Opens the checkout at {@code repoDir} if there is one (no network until {@link #update()}).
   *
   * @param repoDir where the checkout lives ({@code <data_dir>/content-git}); created on first update
   * @param token the access token, if any
   * @param log told what the source does, one line at a time (never the token)
   */
  public GitContentSource(GitSettings settings, Path repoDir, Optional<String> token, Consumer<String> log) {
    this.settings = settings;
    this.repoDir = repoDir.toAbsolutePath().normalize();
    this.contentDir = settings.path().isEmpty() ? this.repoDir : this.repoDir.resolve(settings.path());
    this.token = token.filter(t -> !t.isBlank());
    this.log = log;
    if (Files.isDirectory(this.repoDir.resolve(".git"))) {
      try {
        openExisting();
      } catch (IOException e) {
        log.accept("content checkout " + this.repoDir + " cannot be opened (" + e.getMessage() + "): it will be cloned again");
        closeGit();
      }
    }
  }

  @Override
  public Path directory() {
    return contentDir;
  }

  @Override
  public String describe() {
    return "git " + settings.url() + " branch " + (settings.branch().isEmpty() ? "(the remote's default)" : settings.branch())
        + (settings.path().isEmpty() ? "" : ", folder " + settings.path()) + ", checked out in " + repoDir;
  }

  /** The settings this source follows. */
  public GitSettings settings() {
    return settings;
  }

  /** The branch served: the configured one, else the remote's default as last seen, or {@code ""}. */
  public String branch() {
    return !settings.branch().isEmpty() ? settings.branch() : servedBranch == null ? "" : servedBranch;
  }

  @Override
  public Optional<SourceVersion> served() {
    return Optional.ofNullable(served);
  }

  @Override
  public synchronized SourceUpdate update() {
    SourceVersion before = served;
    try {
      String branch = remoteBranch();
      if (git == null) {
        cloneFresh(branch);
      } else {
        fetch(branch);
      }
      Ref head = git.getRepository().exactRef(trackingRef(branch));
      if (head == null) {
        return fail(before, "branch " + branch + " was fetched from " + settings.url() + " but cannot be found locally");
      }
      servedBranch = branch;
      return moveTo(head.getObjectId(), before);
    } catch (Failure f) {
      return fail(before, f.getMessage());
    } catch (GitAPIException | IOException | RuntimeException e) {
      return fail(before, explain(e));
    }
  }

  @Override
  public synchronized SourceUpdate checkout(String version) {
    SourceVersion before = served;
    if (version == null || !version.matches("[0-9a-fA-F]{7,40}")) {
      return fail(before, "\"" + version + "\" is not a commit id (7 to 40 hex digits)");
    }
    try {
      ObjectId id = git == null ? null : resolveCommit(version);
      if (id == null) {
        // Not here yet: the replica that recorded it fetched after us. Fetch, then look again.
        String branch = remoteBranch();
        if (git == null) {
          cloneFresh(branch);
        } else {
          fetch(branch);
        }
        servedBranch = branch;
        id = resolveCommit(version);
      }
      if (id == null) {
        return fail(before, "commit " + version + " is not on branch " + branch() + " of " + settings.url());
      }
      return moveTo(id, before);
    } catch (Failure f) {
      return fail(before, f.getMessage());
    } catch (GitAPIException | IOException | RuntimeException e) {
      return fail(before, explain(e));
    }
  }

  @Override
  public synchronized void close() {
    closeGit();
  }

  // --- steps ---

  private void openExisting() throws IOException {
    Repository repo = new FileRepositoryBuilder().setGitDir(repoDir.resolve(".git").toFile()).setMustExist(true).build();
    git = new Git(repo);
    String url = repo.getConfig().getString("remote", REMOTE, "url");
    if (!settings.url().equals(url)) {
      log.accept("content checkout " + repoDir + " follows " + url + ", not " + settings.url() + ": it will be cloned again");
      closeGit();
      return;
    }
    ObjectId head = repo.resolve(Constants.HEAD);
    if (head != null) {
      served = version(head);
      String b = repo.getBranch();
      servedBranch = b != null && !ObjectId.isId(b) ? b : null;
    }
  }

  /** The branch to follow: the configured one if it exists, else the remote's default. */
  private String remoteBranch() throws GitAPIException, Failure {
    Map<String, Ref> refs =
        Git.lsRemoteRepository()
            .setRemote(settings.url())
            .setCredentialsProvider(credentials())
            .setTimeout(TIMEOUT_SECONDS)
            .callAsMap();
    if (!settings.branch().isEmpty()) {
      if (!refs.containsKey(GitSettings.ref(settings.branch()))) {
        throw new Failure("branch " + settings.branch() + " is not on " + settings.url() + " (deleted or renamed?)");
      }
      return settings.branch();
    }
    Ref head = refs.get(Constants.HEAD);
    if (head != null && head.isSymbolic()) {
      return Repository.shortenRefName(head.getTarget().getName());
    }
    // An old server that does not say where HEAD points: the branch at HEAD's commit, main first.
    if (head != null && head.getObjectId() != null) {
      for (String b : List.of("main", "master")) {
        Ref r = refs.get(GitSettings.ref(b));
        if (r != null && head.getObjectId().equals(r.getObjectId())) {
          return b;
        }
      }
      for (Ref r : refs.values()) {
        if (r.getName().startsWith(Constants.R_HEADS) && head.getObjectId().equals(r.getObjectId())) {
          return Repository.shortenRefName(r.getName());
        }
      }
    }
    if (servedBranch != null && refs.containsKey(GitSettings.ref(servedBranch))) {
      return servedBranch;
    }
    throw new Failure(settings.url() + " has no default branch (an empty repository?): set content.git.branch");
  }

  private void cloneFresh(String branch) throws GitAPIException, IOException, Failure {
    Path side = repoDir.resolveSibling(repoDir.getFileName() + ".clone");
    deleteTree(side);
    deleteTree(repoDir); // a checkout that could not be opened, or of another URL
    PrivateFiles.directory(side.getParent());
    log.accept("cloning " + settings.url() + " (branch " + branch + ", depth 1) into " + repoDir);
    SizeGuard guard = new SizeGuard(side.resolve(".git"));
    try (Git cloned =
        Git.cloneRepository()
            .setURI(settings.url())
            .setDirectory(side.toFile())
            .setBranch(GitSettings.ref(branch))
            .setBranchesToClone(List.of(GitSettings.ref(branch)))
            .setCloneAllBranches(false)
            .setDepth(1)
            .setNoCheckout(true)
            .setCredentialsProvider(credentials())
            .setTimeout(TIMEOUT_SECONDS)
            .setProgressMonitor(guard)
            .call()) {
      guard.check();
    } catch (GitAPIException | RuntimeException e) {
      deleteTree(side);
      guard.check();
      throw e;
    } catch (Failure f) {
      deleteTree(side);
      throw f;
    }
    Files.move(side, repoDir);
    openExisting();
    if (git == null) {
      throw new Failure("the fresh clone in " + repoDir + " cannot be opened");
    }
  }

  private void fetch(String branch) throws GitAPIException, IOException, Failure {
    SizeGuard guard = new SizeGuard(repoDir.resolve(".git"));
    try {
      git.fetch()
          .setRemote(settings.url())
          .setRefSpecs(new RefSpec("+" + GitSettings.ref(branch) + ":" + trackingRef(branch)))
          .setCredentialsProvider(credentials())
          .setTimeout(TIMEOUT_SECONDS)
          .setProgressMonitor(guard)
          .call();
    } catch (GitAPIException | RuntimeException e) {
      guard.check();
      throw e;
    }
    guard.check();
  }

  /** Resets the checkout hard to {@code commit}, unless it is over the size limit. */
  private SourceUpdate moveTo(ObjectId commit, SourceVersion before) throws GitAPIException, IOException, Failure {
    Repository repo = git.getRepository();
    boolean rewritten = false;
    int changed = -1;
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit target = walk.parseCommit(commit);
      long bytes = treeBytes(repo, target);
      if (bytes > settings.maxBytes()) {
        throw new Failure("commit " + target.abbreviate(7).name() + " of " + settings.url() + " holds " + mb(bytes)
            + " of files, over the limit of " + mb(settings.maxBytes()) + " (content.git.max_bytes)");
      }
      if (before != null) {
        ObjectId old = repo.resolve(before.id() + "^{commit}");
        if (old != null && !old.equals(target)) {
          RevCommit oldCommit = walk.parseCommit(old);
          changed = changedFiles(repo, oldCommit, target);
          walk.reset();
          rewritten = !walk.isMergedInto(walk.parseCommit(old), walk.parseCommit(target));
        } else if (old != null) {
          changed = 0;
        }
      }
    }
    git.reset().setMode(ResetType.HARD).setRef(commit.name()).call();
    // Files nobody committed (dropped into the checkout by hand) would be served: remove them.
    git.clean().setCleanDirectories(true).setForce(true).setIgnore(false).call();
    served = version(commit);
    if (before == null || !before.id().equals(served.id())) {
      log.accept("content now at commit " + served + (rewritten ? " (history was rewritten)" : ""));
    }
    return new SourceUpdate(true, served, before, rewritten, changed, null);
  }

  // --- helpers ---

  private SourceVersion version(ObjectId id) throws IOException {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      RevCommit c = walk.parseCommit(id);
      return new SourceVersion(c.getName(), c.getAuthorIdent().getName(), c.getShortMessage(),
          Instant.ofEpochSecond(c.getCommitTime()));
    }
  }

  private ObjectId resolveCommit(String version) throws IOException {
    try {
      ObjectId id = git.getRepository().resolve(version + "^{commit}");
      return id != null && git.getRepository().getObjectDatabase().has(id) ? id : null;
    } catch (org.eclipse.jgit.errors.AmbiguousObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException
        | org.eclipse.jgit.errors.MissingObjectException e) {
      return null; // not (yet) fetched here
    }
  }

  private long treeBytes(Repository repo, RevCommit commit) throws IOException {
    long total = 0;
    try (TreeWalk tw = new TreeWalk(repo); ObjectReader reader = repo.newObjectReader()) {
      tw.addTree(commit.getTree());
      tw.setRecursive(true);
      while (tw.next()) {
        if (tw.getFileMode(0).getObjectType() == Constants.OBJ_BLOB) {
          total += reader.getObjectSize(tw.getObjectId(0), Constants.OBJ_BLOB);
        }
      }
    }
    return total;
  }

  /** Files under the content folder that differ between two commits. */
  private int changedFiles(Repository repo, RevCommit a, RevCommit b) throws IOException {
    int n = 0;
    try (TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(a.getTree());
      tw.addTree(b.getTree());
      tw.setRecursive(true);
      tw.setFilter(
          settings.path().isEmpty()
              ? TreeFilter.ANY_DIFF
              : org.eclipse.jgit.treewalk.filter.AndTreeFilter.create(PathFilter.create(settings.path()), TreeFilter.ANY_DIFF));
      while (tw.next()) {
        n++;
      }
    }
    return n;
  }

  private String trackingRef(String branch) {
    return Constants.R_REMOTES + REMOTE + "/" + branch;
  }

  private CredentialsProvider credentials() {
    if (token.isEmpty()) {
      return null;
    }
    String user = settings.userName();
    return new UsernamePasswordCredentialsProvider(user != null ? user : TOKEN_USER, token.get());
  }

  private SourceUpdate fail(SourceVersion kept, String why) {
    String safe = token.map(t -> why.replace(t, "<token>")).orElse(why);
    log.accept("content update from " + settings.url() + " failed: " + safe
        + (kept != null ? "; still serving commit " + kept : ""));
    return SourceUpdate.failed(kept, safe);
  }

  /** A failure in words an admin can act on. */
  private String explain(Throwable e) {
    Throwable root = e;
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(' ').append(t.getMessage());
      root = t;
    }
    String text = all.toString().toLowerCase(Locale.ROOT);
    String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (text.contains("not authorized") || text.contains("authentication") || text.contains("credentials")) {
      return settings.url() + " refused the credentials (" + (token.isPresent()
          ? "check STUDYBOT_GIT_TOKEN: it may be expired or lack read access"
          : "it needs a token: set STUDYBOT_GIT_TOKEN") + ")";
    }
    if (root instanceof RepositoryNotFoundException || text.contains("not found")) {
      return "no repository at " + settings.url() + (token.isPresent() ? " that the token can read" : "") + ": " + cause;
    }
    if (e instanceof TransportException || root instanceof java.net.ConnectException
        || root instanceof java.net.UnknownHostException || root instanceof java.net.SocketTimeoutException) {
      return "cannot reach " + settings.url() + ": " + cause;
    }
    return "git failed on " + settings.url() + ": " + e;
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
  }

  private void closeGit() {
    if (git != null) {
      git.getRepository().close();
      git.close();
      git = null;
    }
    served = null;
  }

  private void deleteTree(Path dir) throws IOException {
    if (git != null && dir.equals(repoDir)) {
      closeGit();
    }
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (NoSuchFileException e) {
          // gone already
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static long dirBytes(Path dir) {
    AtomicLong total = new AtomicLong();
    try (Stream<Path> s = Files.walk(dir)) {
      s.forEach(p -> {
        try {
          if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            total.addAndGet(Files.size(p));
          }
        } catch (IOException e) {
          // a temporary file that vanished: not counted
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // unreadable now: counted as what was seen
    }
    return total.get();
  }

  /** A failure already put in words. */
  private static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  /**
   * Watches the repository grow while a clone or fetch downloads, and cancels it once it is over
   * the limit, so an enormous repository is stopped early rather than after filling the disk.
   */
  private final class SizeGuard implements ProgressMonitor {
    private final Path gitDir;
    private int calls;
    private volatile long seen;
    private volatile boolean over;

    SizeGuard(Path gitDir) {
      this.gitDir = gitDir;
    }

    void check() throws Failure {
      seen = dirBytes(gitDir);
      if (over || seen > settings.maxBytes()) {
        over = true;
        throw new Failure(settings.url() + " is over the size limit: " + mb(seen) + " downloaded, more than "
            + mb(settings.maxBytes()) + " (content.git.max_bytes)");
      }
    }

    @Override
    public boolean isCancelled() {
      if (!over && ++calls % 64 == 0) {
        seen = dirBytes(gitDir);
        over = seen > settings.maxBytes();
      }
      return over;
    }

    @Override
    public void start(int totalTasks) {}

    @Override
    public void beginTask(String title, int totalWork) {}

    @Override
    public void update(int completed) {}

    @Override
    public void endTask() {}

    @Override
    public void showDuration(boolean enabled) {}
  }
}
