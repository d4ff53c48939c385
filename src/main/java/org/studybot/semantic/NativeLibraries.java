package org.studybot.semantic;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.studybot.files.PrivateFiles;

/**
 * Puts the native libraries the embedding model needs under StudyBot's data directory, never the
 * home directory, and loads them from there ({@link #load}, called by the embedder that needs
 * them).
 *
 * <p>ONNX Runtime's two libraries are copied out of the jar into {@code <dir>/onnxruntime/} (once:
 * a copy whose size matches is reused) and loaded from there through {@code
 * onnxruntime.native.path}; the tokenizer library (DJL) unpacks itself into {@code <dir>/djl/}
 * ({@code DJL_CACHE_DIR}), offline, and JNA into {@code <dir>/jna/}. The jar packages them for the
 * {@link Platform}s listed there; on any other platform, or when this jar was built without a
 * platform's libraries, {@link #load} fails with a message naming the platform and what is
 * missing, and the engine falls back to words alone.
 */
final class NativeLibraries {
  /**
   * A platform StudyBot knows the native libraries of, named as ONNX Runtime and DJL name their
   * resource folders. Immutable.
   */
  enum Platform {
    LINUX_X64("Linux x86-64", "linux-x64", "linux-x86_64", ".so"),
    LINUX_ARM64("Linux arm64", "linux-aarch64", "linux-aarch64", ".so"),
    MACOS_X64("macOS x86-64", "osx-x64", null, ".dylib"),
    MACOS_ARM64("macOS arm64", "osx-aarch64", "osx-aarch64", ".dylib"),
    WINDOWS_X64("Windows x86-64", "win-x64", "win-x86_64", ".dll");

    final String label;
    /** ONNX Runtime's folder under {@code ai/onnxruntime/native/}. */
    final String ortFolder;
    /** DJL's folder under {@code native/lib/}; {@code null}: DJL publishes no tokenizer for it. */
    final String tokenizerFolder;
    private final String suffix;

    Platform(String label, String ortFolder, String tokenizerFolder, String suffix) {
      this.label = label;
      this.ortFolder = ortFolder;
      this.tokenizerFolder = tokenizerFolder;
      this.suffix = suffix;
    }

    /** ONNX Runtime's library, then its JNI binding, as file names on this platform. */
    List<String> ortLibraries() {
      String prefix = this == WINDOWS_X64 ? "" : "lib";
      return List.of(prefix + "onnxruntime" + suffix, prefix + "onnxruntime4j_jni" + suffix);
    }

    /** The tokenizer library's resource, or {@code null} when none is published for this platform. */
    String tokenizerResource() {
      if (tokenizerFolder == null) {
        return null;
      }
      return "native/lib/" + tokenizerFolder + "/cpu/" + (this == WINDOWS_X64 ? "" : "lib") + "tokenizers" + suffix;
    }

    /** The platform of {@code os.name} and {@code os.arch}, if the jar can carry its libraries. */
    static Optional<Platform> of(String osName, String osArch) {
      String os = osName.toLowerCase(Locale.ROOT);
      String arch = osArch.toLowerCase(Locale.ROOT);
      boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
      boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
      if (os.contains("linux")) {
        return x64 ? Optional.of(LINUX_X64) : arm64 ? Optional.of(LINUX_ARM64) : Optional.empty();
      }
      if (os.contains("mac") || os.contains("darwin")) {
        return x64 ? Optional.of(MACOS_X64) : arm64 ? Optional.of(MACOS_ARM64) : Optional.empty();
      }
      if (os.contains("windows")) {
        return x64 ? Optional.of(WINDOWS_X64) : Optional.empty();
      }
      return Optional.empty();
    }
  }

  private NativeLibraries() {}

  /** Whether this JVM runs on a platform whose native libraries the jar can carry. */
  static boolean supported(String osName, String osArch) {
    return Platform.of(osName, osArch).isPresent();
  }

  /**
   * Why semantic matching cannot run on {@code osName}/{@code osArch} with the libraries that
   * {@code resources} holds, or empty when it can.
   */
  static Optional<String> missing(String osName, String osArch, ClassLoader resources) {
    Optional<Platform> platform = Platform.of(osName, osArch);
    if (platform.isEmpty()) {
      return Optional.of("no native ONNX Runtime for " + osName + " " + osArch
          + " (packaged: Linux x86-64 and arm64, macOS arm64, Windows x86-64)");
    }
    Platform p = platform.get();
    if (p.tokenizerResource() == null) {
      return Optional.of("no native tokenizer for " + p.label + " (DJL's tokenizer library publishes none)");
    }
    for (String lib : p.ortLibraries()) {
      if (resources.getResource("ai/onnxruntime/native/" + p.ortFolder + "/" + lib) == null) {
        return Optional.of("no native ONNX Runtime for " + p.label + " in this jar (built for other platforms: use the jar"
            + " built for " + p.label + " or the all-platforms jar)");
      }
    }
    if (resources.getResource(p.tokenizerResource()) == null) {
      return Optional.of("no native tokenizer for " + p.label + " in this jar (built for other platforms)");
    }
    return Optional.empty();
  }

  /**
   * Where this JVM loaded the libraries from, once it has. A JVM loads a native library once per
   * process and keeps it: this field records that process-wide fact, it does not decide it. Guarded
   * by the class's lock.
   */
  private static Path loadedFrom;

  /**
   * Loads ONNX Runtime's and the tokenizer's native libraries into this JVM, unpacked under {@code
   * dir}, and returns the directory ONNX Runtime's library is loaded from. Idempotent: once they are loaded, by
   * this directory or another, nothing is unpacked again and the directory they came from is
   * returned (a second embedder with another data directory shares them, as every embedder in one
   * JVM must).
   *
   * <p>The libraries' loaders read system properties ({@code onnxruntime.native.path}, {@code
   * DJL_CACHE_DIR}, {@code jna.tmpdir}, {@code ai.djl.offline}); they are set only while the
   * libraries load and then restored, so nothing is left for the next caller to inherit. One the
   * operator set (with {@code -D}, or {@code DJL_CACHE_DIR} in the environment) is used as it is.
   *
   * @throws UnsupportedOperationException on a platform whose libraries this jar does not carry,
   *     saying which platform and what is missing
   * @throws UncheckedIOException when {@code dir} cannot be written
   * @throws IllegalStateException when a library cannot be loaded
   */
  static synchronized Path load(Path dir) {
    if (loadedFrom != null) {
      return loadedFrom;
    }
    String os = System.getProperty("os.name", "?");
    String arch = System.getProperty("os.arch", "?");
    ClassLoader resources = NativeLibraries.class.getClassLoader();
    Optional<String> missing = missing(os, arch, resources);
    if (missing.isPresent()) {
      throw new UnsupportedOperationException(missing.get());
    }
    Platform platform = Platform.of(os, arch).orElseThrow();
    Map<String, String> set = new LinkedHashMap<>();
    try {
      Path ort = dir.resolve("onnxruntime");
      if (System.getProperty(ORT_PATH) == null) {
        PrivateFiles.directory(ort);
        for (String lib : platform.ortLibraries()) {
          copyOut("ai/onnxruntime/native/" + platform.ortFolder + "/" + lib, ort.resolve(lib));
        }
        set.put(ORT_PATH, ort.toAbsolutePath().toString());
      } else {
        ort = Path.of(System.getProperty(ORT_PATH));
      }
      if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
        Path djl = dir.resolve("djl");
        PrivateFiles.directory(djl);
        set.put("DJL_CACHE_DIR", djl.toAbsolutePath().toString());
      }
      if (System.getProperty("jna.tmpdir") == null) {
        // JNA (under the tokenizer's library) would otherwise unpack into ~/.cache.
        Path jna = dir.resolve("jna");
        PrivateFiles.directory(jna);
        set.put("jna.tmpdir", jna.toAbsolutePath().toString());
      }
      // The tokenizer's library is inside its jar; never let it try to download one.
      // (DJL's CUDA probing at start is quietened in logback.xml: logger ai.djl at ERROR.)
      set.put("ai.djl.offline", "true");
      withProperties(set, NativeLibraries::loadLibraries);
      loadedFrom = ort.toAbsolutePath();
      return loadedFrom;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare native libraries in " + dir, e);
    }
  }

  private static final String ORT_PATH = "onnxruntime.native.path";

  /** Loads the libraries now, while the loaders' properties point under the data directory. */
  private static void loadLibraries() {
    try {
      OrtEnvironment.getEnvironment();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot load ONNX Runtime's native library: " + e.getMessage(), e);
    }
    try {
      ai.djl.huggingface.tokenizers.jni.LibUtils.checkStatus();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new IllegalStateException("cannot load the tokenizer's native library: " + e.getMessage(), e);
    }
  }

  /** Runs {@code action} with {@code properties} set, then puts back what was there before. */
  static void withProperties(Map<String, String> properties, Runnable action) {
    Map<String, String> before = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : properties.entrySet()) {
      before.put(p.getKey(), System.getProperty(p.getKey()));
      System.setProperty(p.getKey(), p.getValue());
    }
    try {
      action.run();
    } finally {
      for (Map.Entry<String, String> b : before.entrySet()) {
        if (b.getValue() == null) {
          System.clearProperty(b.getKey());
        } else {
          System.setProperty(b.getKey(), b.getValue());
        }
      }
    }
  }

  /** Copies a class-path resource to {@code target} unless a copy of the same size is there. */
  private static void copyOut(String resource, Path target) throws IOException {
    try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("native library " + resource + " is missing from the class path");
      }
      Path tmp = PrivateFiles.tempFile(target.getParent(), target.getFileName().toString(), ".part");
      try {
        long size;
        try (OutputStream out = Files.newOutputStream(tmp)) {
          size = in.transferTo(out);
        }
        if (Files.isRegularFile(target) && Files.size(target) == size && sameBytes(tmp, target)) {
          return;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static boolean sameBytes(Path a, Path b) throws IOException {
    return Files.mismatch(a, b) == -1;
  }
}
