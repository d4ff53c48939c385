package org.studybot.slack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small disk of its own for one directory, seen only by the processes started in it: a tmpfs of
 * {@code megabytes} mounted on {@code dir} in a private mount namespace (util-linux's {@code
 * unshare} and {@code mount}: as root, or as a user where user namespaces are enabled), held open
 * by a sleeping process, so the machine's own disks and mounts are never touched. A bot started
 * with {@link #wrapper()} runs in that namespace; the test reaches the disk through the holder's
 * {@code /proc/PID/root}, {@link #fill()}s it until the kernel says ENOSPC, and {@link #free()}s it
 * again. {@link #close()} ends the holder, and the disk goes with the namespace. Not thread-safe.
 */
final class SmallDisk implements AutoCloseable {
  private final Process holder;
  private final boolean userNamespace;
  private final Path dir;
  private final Path filler;

  private SmallDisk(Process holder, boolean userNamespace, Path dir) {
    this.holder = holder;
    this.userNamespace = userNamespace;
    this.dir = dir;
    this.filler = inside(dir.resolve("filler"));
  }

  /**
   * Mounts the disk on {@code dir} (which must exist) in a new mount namespace.
   *
   * @throws IOException with the reason when the namespace or the mount cannot be made here (no
   *     unshare, no privilege, user namespaces disabled)
   */
  static SmallDisk mount(Path dir, int megabytes) throws IOException, InterruptedException {
    return mount(dir, megabytes, "");
  }

  /**
   * As {@link #mount(Path, int)}, the disk's top directory owned by {@code owner} ({@code uid,gid}
   * numbers, such as PostgreSQL's {@code postgres} user; empty: by whoever mounts it).
   */
  static SmallDisk mount(Path dir, int megabytes, String owner) throws IOException, InterruptedException {
    String[] ids = owner.isEmpty() ? new String[0] : owner.split(",");
    String options = "size=" + megabytes + "m,mode=0700" + (ids.length == 2 ? ",uid=" + ids[0] + ",gid=" + ids[1] : "");
    Path abs = dir.toAbsolutePath();
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    List<String> command = new ArrayList<>(List.of("unshare"));
    if (!root) {
      command.addAll(List.of("--user", "--map-root-user"));
    }
    // The holder prints a line once the disk is mounted, then sleeps until it is killed.
    command.addAll(List.of("--mount", "--propagation", "private", "--", "sh", "-c",
        "mount -t tmpfs -o " + options + " studybot-small-disk \"$1\" && echo mounted && exec sleep 86400",
        "sh", abs.toString()));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.get(0) + " (util-linux): " + e.getMessage(), e);
    }
    StringBuilder said = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      // The first line: "mounted", or why not (the process then exits and the stream ends).
      String line = r.readLine();
      if (line != null && line.equals("mounted")) {
        return new SmallDisk(p, !root, abs);
      }
      for (; line != null; line = r.readLine()) {
        said.append(line).append('\n');
      }
    }
    p.waitFor(10, TimeUnit.SECONDS);
    p.destroyForcibly();
    throw new IOException(String.join(" ", command) + " could not mount a small disk: " + said.toString().strip());
  }

  /** The command prefix that runs a program in the disk's namespace (it execs the program: same pid). */
  List<String> wrapper() {
    String ns = Long.toString(holder.pid());
    return userNamespace
        ? List.of("nsenter", "--target", ns, "--user", "--mount", "--preserve-credentials", "--")
        : List.of("nsenter", "--mount=/proc/" + ns + "/ns/mnt", "--");
  }

  /** {@code path} (under the disk's directory) as this process reaches it: through the holder's root. */
  Path inside(Path path) {
    return Path.of("/proc/" + holder.pid() + "/root" + path.toAbsolutePath());
  }

  /** Fills the disk with a file until the kernel refuses a single page (ENOSPC); returns the bytes written. */
  long fill() throws IOException {
    long written = 0;
    try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int chunk : new int[] {1 << 20, 64 << 10, 4 << 10, 512}) {
        byte[] zeros = new byte[chunk];
        while (true) {
          try {
            out.write(zeros);
            out.flush();
            written += chunk;
          } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
              throw e;
            }
            break;
          }
        }
      }
    } catch (IOException e) {
      // Closing flushes nothing more (the stream is unbuffered); only a refused write is expected.
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
    return written;
  }

  /** Deletes the filler: the disk has room again. */
  void free() throws IOException {
    Files.delete(filler);
  }

  /** Bytes free on the disk now. */
  long usable() throws IOException {
    return inside(dir).toFile().getUsableSpace();
  }

  @Override
  public void close() throws InterruptedException {
    holder.destroyForcibly();
    holder.waitFor(10, TimeUnit.SECONDS);
  }
}
