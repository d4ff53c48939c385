package org.studybot.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real model, on a handful of texts: it loads offline, from natives under the data directory. */
class MiniLmEmbedderTest {
  @TempDir Path dir;

  @Test
  void embedsMeaningWithUnitVectors() {
    MiniLmEmbedder model = MiniLmEmbedder.load(dir.resolve("native"));
    List<float[]> v =
        model.embed(
            List.of(
                "What is a simile? A figure of speech comparing two things using like or as.",
                "the figure of speech that compares two things using like or as",
                "How does photosynthesis work? Plants turn light, water and carbon dioxide into sugar.",
                ""));

    assertEquals(4, v.size());
    for (float[] x : v) {
      assertEquals(384, x.length);
      assertEquals(1.0, Vectors.dot(x, x), 1e-4, "unit length");
    }
    double same = Vectors.dot(v.get(0), v.get(1));
    double other = Vectors.dot(v.get(2), v.get(1));
    assertTrue(same > 0.6 && same > other + 0.3, "simile close to simile (" + same + "), far from photosynthesis (" + other + ")");
    assertTrue(model.modelId().startsWith("all-minilm-l6-v2-q:"), model.modelId());
    assertEquals(model.modelId(), MiniLmEmbedder.load(dir.resolve("native")).modelId(), "the id is stable");
  }

  @Test
  void nativeLibrariesLiveUnderTheGivenDirectory() {
    MiniLmEmbedder.load(dir.resolve("native"));
    String ort = System.getProperty("onnxruntime.native.path");
    // The first test in this JVM to load the model fixes the path; it is under a data directory.
    assertTrue(ort.endsWith("native/onnxruntime"), ort);
    assertTrue(Files.isRegularFile(Path.of(ort, "libonnxruntime.so")) || !Files.exists(Path.of(ort)));
  }
}
