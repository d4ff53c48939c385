package org.studybot.slack;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL 15 cluster whose data directory is a {@link SmallDisk} of its own, for
 * the full-disk tests of the store on PostgreSQL: {@code initdb} and {@code pg_ctl} from {@value
 * #BIN}, run as the {@code postgres} user ({@code runuser}) when the test runs as root, as CI
 * does, else as the user itself (in a user namespace of its own, since the small disk's namespace
 * makes it root there and PostgreSQL refuses to run as root). It listens on a free loopback port
 * with its socket and its log in a temporary directory (not on the small disk: the server's log
 * must survive the disk filling up), and has a database and a role {@code studybot} for the bot.
 * WAL segments are 1 MB, {@value #WAL_ROOM} of them made ready at the start (the disk then has
 * the table files' room and the WAL's apart): filling the disk stops the tables' growth, and only
 * once the test's WAL switches use up the segments made does the next need room on the disk. {@link #close()} stops the server (immediate) and the namespace, and the disk goes
 * with it. Not thread-safe.
 */
final class SmallPostgres implements AutoCloseable {
  static final String BIN = "/usr/lib/postgresql/15/bin";
  static final String PASSWORD = "studybot-small-pg";

  /** WAL segments (1 MB each) made ready before the test: about as much WAL as it writes. */
  static final int WAL_ROOM = 16;

  private final SmallDisk disk;
  private final List<String> asOwner;
  private final Path data;
  private final Path run;
  final int port;

  private SmallPostgres(SmallDisk disk, List<String> asOwner, Path data, Path run, int port) {
    this.disk = disk;
    this.asOwner = asOwner;
    this.data = data;
    this.run = run;
    this.port = port;
  }

  /** This machine cannot have such a cluster: what is missing. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String why, Throwable cause) {
      super(why, cause);
    }
  }

  /**
   * Mounts a disk of {@code megabytes} under {@code dir}, creates the cluster on it and starts it.
   *
   * @throws Unavailable when this machine cannot have one: no PostgreSQL 15 binaries, no mount
   *     namespace or tmpfs, no {@code runuser} or {@code postgres} user
   * @throws IOException when it has what it takes but the cluster does not start (a failure)
   */
  static SmallPostgres start(Path dir, int megabytes) throws Unavailable, IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(BIN, "initdb"))) {
      throw new Unavailable("no PostgreSQL 15 binaries in " + BIN, null);
    }
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    // The server's user must reach its directories: the test's directory is traversable, no more.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    Path mount = Files.createDirectories(dir.resolve("pg"));
    Path run = Files.createDirectories(dir.resolve("run"));
    String owner = "";
    if (root) {
      String uid;
      String gid;
      try {
        uid = output(List.of("id", "-u", "postgres")).strip();
        gid = output(List.of("id", "-g", "postgres")).strip();
        output(List.of("runuser", "-u", "postgres", "--", "true"));
      } catch (IOException e) {
        throw new Unavailable("no postgres user to run the server as (runuser -u postgres): " + e.getMessage(), e);
      }
      owner = uid + "," + gid;
      run(List.of("chown", uid + ":" + gid, run.toString()));
    }
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
    Path pwfile = run.resolve("superuser-password");
    Files.writeString(pwfile, PASSWORD + "\n");
    if (root) {
      run(List.of("chown", owner.replace(',', ':'), pwfile.toString()));
    }
    SmallDisk disk;
    try {
      disk = SmallDisk.mount(mount, megabytes, owner);
    } catch (IOException e) {
      throw new Unavailable(e.getMessage(), e);
    }
    SmallPostgres pg = null;
    try {
      List<String> asOwner = new ArrayList<>(disk.wrapper());
      if (root) {
        asOwner.addAll(List.of("runuser", "-u", "postgres", "--"));
      } else {
        // Inside the disk's user namespace this user is root; one more namespace makes it itself.
        String uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
        String gid = Files.getAttribute(Path.of("/proc/self"), "unix:gid").toString();
        asOwner.addAll(List.of("unshare", "--user", "--map-user=" + uid, "--map-group=" + gid, "--"));
      }
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path data = mount.resolve("data");
      pg = new SmallPostgres(disk, List.copyOf(asOwner), data, run, port);
      pg.owner(List.of(BIN + "/initdb", "-D", data.toString(), "-U", "postgres", "--pwfile=" + pwfile,
          "--auth=scram-sha-256", "--no-sync", "--wal-segsize=1", "-E", "UTF8", "--locale=C"));
      pg.startServer();
      try (Connection c = pg.superuser("postgres"); Statement s = c.createStatement()) {
        s.execute("CREATE ROLE studybot LOGIN PASSWORD '" + PASSWORD + "'");
        s.execute("CREATE DATABASE studybot OWNER studybot");
        // Room for the WAL made in advance: segments used and then recycled by a checkpoint into
        // the next ones, so a full disk stops the table files long before the WAL needs a segment
        // it must create (which PANICs).
        for (int i = 0; i < WAL_ROOM; i++) {
          s.execute("SELECT pg_logical_emit_message(false, 'studybot-test', 'room'), pg_switch_wal()");
        }
        s.execute("CHECKPOINT");
      }
      return pg;
    } catch (IOException | SQLException | RuntimeException e) {
      // Stops a server that started, then the namespace.
      if (pg != null) {
        pg.close();
      } else {
        disk.close();
      }
      throw new IOException("PostgreSQL on a small disk did not start: " + e.getMessage(), e);
    }
  }

  /** The bot's JDBC URL (user and password given apart: {@link #PASSWORD}). */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/studybot";
  }

  /** A connection as the cluster's superuser, to the bot's database. */
  Connection superuser() throws SQLException {
    return superuser("studybot");
  }

  private Connection superuser(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres&password=" + PASSWORD);
  }

  /** Starts the server (again, after it stopped: what an operator does), waiting until it accepts connections. */
  void startServer() throws IOException, InterruptedException {
    owner(List.of(BIN + "/pg_ctl", "-D", data.toString(), "-l", run.resolve("server.log").toString(), "-w", "-t", "60",
        "-o", "-c port=" + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + run
            + " -c shared_buffers=16MB -c max_connections=40 -c min_wal_size=32MB -c max_wal_size=64MB",
        "start"));
  }

  /** Whether the server is running (its postmaster answers {@code pg_ctl status}). */
  boolean running() throws IOException, InterruptedException {
    return exit(command(List.of(BIN + "/pg_ctl", "-D", data.toString(), "status"))) == 0;
  }

  /** The server's log so far. */
  String log() {
    try {
      return Files.readString(run.resolve("server.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "[no server log: " + e + "]";
    }
  }

  /** The small disk under the data directory. */
  SmallDisk disk() {
    return disk;
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (running()) {
        owner(List.of(BIN + "/pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop"));
      }
    } catch (IOException e) {
      System.err.println("SmallPostgres: could not stop the server: " + e.getMessage());
    } finally {
      disk.close();
    }
  }

  private void owner(List<String> command) throws IOException, InterruptedException {
    List<String> all = command(command);
    Process p = start(all);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", all) + " failed: " + out.strip() + "\n" + log());
    }
  }

  private List<String> command(List<String> command) {
    List<String> all = new ArrayList<>(asOwner);
    all.addAll(command);
    return all;
  }

  private static int exit(List<String> command) throws IOException, InterruptedException {
    Process p = start(command);
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    output(command);
  }

  private static String output(List<String> command) throws IOException, InterruptedException {
    Process p = start(command);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
    return out;
  }

  private static Process start(List<String> command) throws IOException {
    // From "/": the server's user may not enter the test's working directory.
    return new ProcessBuilder(command).directory(Path.of("/").toFile()).redirectErrorStream(true).start();
  }
}
