package org.studybot.semantic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.studybot.files.PrivateFiles;

/**
 * Puts the native libraries the embedding model needs under StudyBot's data directory, never the
 * home directory, and points the libraries' loaders there.
 *
 * <p>ONNX Runtime's two libraries are copied out of the jar into {@code <dir>/onnxruntime/} (once:
 * a copy whose size matches is reused) and loaded from there through {@code
 * onnxruntime.native.path}; the tokenizer library (DJL) unpacks itself into {@code <dir>/djl/}
 * ({@code DJL_CACHE_DIR}), offline, and JNA into {@code <dir>/jna/}. Only Linux x86-64 is packaged: on any other platform {@link
 * #prepare} fails with a message naming the platform, and the engine falls back to keywords alone.
 */
final class NativeLibraries {
  /** Where ONNX Runtime keeps its Linux x86-64 libraries inside its jar. */
  static final String ORT_RESOURCES = "ai/onnxruntime/native/linux-x64/";

  static final List<String> ORT_LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

  private NativeLibraries() {}

  /** Whether this JVM runs on a platform whose native libraries are packaged. */
  static boolean supported(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
  }

  /**
   * Prepares {@code dir} and sets the loaders' system properties, unless the operator already set
   * them.
   *
   * @throws UnsupportedOperationException on a platform whose libraries are not packaged
   * @throws UncheckedIOException when {@code dir} cannot be written
   */
  static synchronized void prepare(Path dir) {
    String os = System.getProperty("os.name", "?");
    String arch = System.getProperty("os.arch", "?");
    if (!supported(os, arch)) {
      throw new UnsupportedOperationException(
          "semantic matching ships native libraries for Linux x86-64 only, not " + os + " " + arch);
    }
    try {
      if (System.getProperty("onnxruntime.native.path") == null) {
        Path ort = dir.resolve("onnxruntime");
        PrivateFiles.directory(ort);
        for (String lib : ORT_LIBRARIES) {
          copyOut(ORT_RESOURCES + lib, ort.resolve(lib));
        }
        System.setProperty("onnxruntime.native.path", ort.toAbsolutePath().toString());
      }
      if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
        Path djl = dir.resolve("djl");
        PrivateFiles.directory(djl);
        System.setProperty("DJL_CACHE_DIR", djl.toAbsolutePath().toString());
      }
      if (System.getProperty("jna.tmpdir") == null) {
        // JNA (under the tokenizer's library) would otherwise unpack into ~/.cache.
        Path jna = dir.resolve("jna");
        PrivateFiles.directory(jna);
        System.setProperty("jna.tmpdir", jna.toAbsolutePath().toString());
      }
      // DJL probes for CUDA at start and logs each failure as a warning: noise on a CPU engine.
      if (System.getProperty("org.slf4j.simpleLogger.log.ai.djl") == null) {
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "error");
      }
      // The tokenizer's library is inside its jar; never let it try to download one.
      System.setProperty("ai.djl.offline", "true");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare native libraries in " + dir, e);
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
