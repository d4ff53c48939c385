package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The logistic fit shared by {@code eval --fit} and the fusion benchmark. */
class ConfidenceFitTest {
  @Test
  void separatesWhatTheEvidenceSeparates() {
    // Right answers have high coverage, wrong ones low; the second feature is noise.
    List<double[]> xs =
        List.of(new double[] {0.9, 0.2}, new double[] {0.8, 0.7}, new double[] {0.95, 0.4},
            new double[] {0.1, 0.3}, new double[] {0.2, 0.8}, new double[] {0.15, 0.5});
    List<Integer> ys = List.of(1, 1, 1, 0, 0, 0);
    double[] w = Confidence.fit(xs, ys);
    assertEquals(3, w.length, "intercept and one weight per feature");
    assertTrue(w[1] > 0, "coverage weight " + w[1]);
    for (int i = 0; i < xs.size(); i++) {
      double p = Confidence.probability(w, xs.get(i));
      assertTrue(ys.get(i) == 1 ? p > 0.8 : p < 0.2, "case " + i + ": " + p);
    }
  }
}
