package org.studybot.semantic;

/** Small vector arithmetic on {@code float[]}. */
final class Vectors {
  private Vectors() {}

  /** The dot product: the cosine similarity when both are unit length. */
  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code v} scaled to unit length (a copy); the zero vector stays zero. */
  static float[] normalized(float[] v) {
    double n = Math.sqrt(dot(v, v));
    float[] out = new float[v.length];
    if (n == 0) {
      return out;
    }
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / n);
    }
    return out;
  }
}
