package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.studybot.semantic.NativeLibraries.Platform;

class NativeLibrariesTest {
  private final ClassLoader classPath = NativeLibrariesTest.class.getClassLoader();

  @Test
  void platformsAreRecognisedByTheNamesJavaReports() {
    assertEquals(Optional.of(Platform.LINUX_X64), Platform.of("Linux", "amd64"));
    assertEquals(Optional.of(Platform.LINUX_ARM64), Platform.of("Linux", "aarch64"));
    assertEquals(Optional.of(Platform.MACOS_ARM64), Platform.of("Mac OS X", "aarch64"));
    assertEquals(Optional.of(Platform.MACOS_X64), Platform.of("Mac OS X", "x86_64"));
    assertEquals(Optional.of(Platform.WINDOWS_X64), Platform.of("Windows 11", "amd64"));
    assertEquals(Optional.empty(), Platform.of("Windows 11", "aarch64"));
    assertEquals(Optional.empty(), Platform.of("Linux", "riscv64"));
    assertEquals(Optional.empty(), Platform.of("FreeBSD", "amd64"));
    assertTrue(NativeLibraries.supported("Linux", "x86_64"));
    assertFalse(NativeLibraries.supported("SunOS", "sparcv9"));
  }

  @Test
  void everyPackagedPlatformFindsItsLibrariesUnderTheNamesThatArePrepared() {
    // The dependencies' own jars are on the test class path: every platform's files are there, so
    // a wrong folder or file name here would be a wrong one in the shaded jar too.
    assertEquals(Optional.empty(), NativeLibraries.missing("Linux", "amd64", classPath));
    assertEquals(Optional.empty(), NativeLibraries.missing("Linux", "aarch64", classPath));
    assertEquals(Optional.empty(), NativeLibraries.missing("Mac OS X", "aarch64", classPath));
    assertEquals(Optional.empty(), NativeLibraries.missing("Windows 10", "amd64", classPath));
    for (Platform p : Platform.values()) {
      for (String lib : p.ortLibraries()) {
        assertTrue(classPath.getResource("ai/onnxruntime/native/" + p.ortFolder + "/" + lib) != null, p + " " + lib);
      }
    }
  }

  @Test
  void theReasonNamesThePlatformAndWhatIsMissing() {
    assertEquals(
        Optional.of("no native tokenizer for macOS x86-64 (DJL's tokenizer library publishes none)"),
        NativeLibraries.missing("Mac OS X", "x86_64", classPath));
    String unknown = NativeLibraries.missing("FreeBSD", "amd64", classPath).orElseThrow();
    assertTrue(unknown.startsWith("no native ONNX Runtime for FreeBSD amd64"), unknown);
    // A jar built without this platform's files (a class path that has none of them).
    ClassLoader empty = new ClassLoader(null) {};
    String notInJar = NativeLibraries.missing("Windows 10", "amd64", empty).orElseThrow();
    assertTrue(notInJar.startsWith("no native ONNX Runtime for Windows x86-64 in this jar"), notInJar);
  }

  private static final List<String> LOADER_PROPERTIES =
      List.of("onnxruntime.native.path", "DJL_CACHE_DIR", "jna.tmpdir", "ai.djl.offline");

  @Test
  void propertiesAreSetOnlyWhileTheLibrariesLoad() {
    System.setProperty("studybot.test.kept", "before");
    Map<String, String> seen = new HashMap<>();
    NativeLibraries.withProperties(Map.of("studybot.test.kept", "during", "studybot.test.new", "during"), () -> {
      seen.put("kept", System.getProperty("studybot.test.kept"));
      seen.put("new", System.getProperty("studybot.test.new"));
    });
    assertEquals(Map.of("kept", "during", "new", "during"), seen);
    assertEquals("before", System.getProperty("studybot.test.kept"));
    assertNull(System.getProperty("studybot.test.new"));
    assertThrows(IllegalStateException.class, () -> NativeLibraries.withProperties(Map.of("studybot.test.new", "x"), () -> {
      throw new IllegalStateException("load failed");
    }));
    assertNull(System.getProperty("studybot.test.new"), "restored when the load fails too");
    System.clearProperty("studybot.test.kept");
  }

  @Test
  void twoDataDirectoriesInOneProcessBothEmbedAndLeaveNoProperties(@TempDir Path tmp) throws Exception {
    // A fresh JVM, so the first load in it is this test's: the libraries unpack under the first
    // data directory, a second embedder with another directory shares them, and no loader
    // property is left set for whoever comes next.
    Path first = tmp.resolve("first");
    Path second = tmp.resolve("second");
    Process p = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            TwoDataDirs.class.getName(), first.toString(), second.toString())
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String report = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), report);
    assertTrue(report.contains("first loads from " + first.resolve("onnxruntime").toAbsolutePath()), report);
    assertTrue(report.contains("second loads from " + first.resolve("onnxruntime").toAbsolutePath()), report);
    assertTrue(report.contains("both embed: cosine 1.000"), report);
    for (String property : LOADER_PROPERTIES) {
      assertTrue(report.contains(property + " after: null"), report);
    }
    assertTrue(Files.isRegularFile(first.resolve("onnxruntime/libonnxruntime.so")), "unpacked under the first directory");
    assertTrue(Files.isDirectory(first.resolve("djl")), "the tokenizer's library under the first directory");
    assertFalse(Files.exists(second.resolve("onnxruntime")), "nothing unpacked twice");
  }

  /** The child JVM of {@link #twoDataDirectoriesInOneProcessBothEmbedAndLeaveNoProperties}. */
  static final class TwoDataDirs {
    public static void main(String[] args) throws IOException {
      Path first = Path.of(args[0]);
      Path second = Path.of(args[1]);
      System.out.println("first loads from " + NativeLibraries.load(first));
      try (OnnxEmbedder a = OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, first);
          OnnxEmbedder b = OnnxEmbedder.load(SentenceModel.ALL_MINILM_L6_V2_Q, second)) {
        System.out.println("second loads from " + NativeLibraries.load(second));
        double cos = Vectors.dot(a.embed("what is osmosis"), b.embed("what is osmosis"));
        System.out.printf(java.util.Locale.ROOT, "both embed: cosine %.3f%n", cos);
      }
      for (String property : LOADER_PROPERTIES) {
        System.out.println(property + " after: " + System.getProperty(property));
      }
    }
  }
}
