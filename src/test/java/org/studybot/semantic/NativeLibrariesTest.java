package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
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
}
