package org.studybot.semantic;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A sentence encoder StudyBot can run: an ONNX model and its tokenizer, shipped as class-path
 * resources by a Maven artifact, with how its token vectors become one sentence vector. The
 * configuration names one by {@link #configName()} ({@code search.model}). Immutable.
 */
public enum SentenceModel {
  /** all-MiniLM-L6-v2, int8-quantized: 384 dimensions, mean of the token vectors, 128 tokens read. */
  ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q", Pooling.MEAN, 384, ""),
  /**
   * BGE-small-en-v1.5, int8-quantized: 384 dimensions, the [CLS] token's vector (as the model was
   * trained), 512 tokens read. Questions and articles are embedded alike, without the optional
   * retrieval instruction (v1.5 is trained to work without it).
   */
  BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "bge-small-en-v1.5-q", Pooling.CLS, 384, ""),
  /**
   * E5-small-v2, int8-quantized: 384 dimensions, mean of the token vectors, 512 tokens read. E5
   * expects a prefix on every text; questions and articles both get {@code "query: "}, the
   * prefix its authors give for symmetric matching.
   */
  E5_SMALL_V2_Q("e5-small-v2-q", "e5-small-v2-q", Pooling.MEAN, 384, "query: ");

  /** How a sentence vector is made from the model's last hidden states. */
  enum Pooling {
    /** The mean of the vectors of the text's tokens (padding excluded). */
    MEAN,
    /** The vector of the first token, [CLS]. */
    CLS
  }

  private final String configName;
  private final String resourceStem;
  private final Pooling pooling;
  private final int dimension;
  private final String prefix;

  SentenceModel(String configName, String resourceStem, Pooling pooling, int dimension, String prefix) {
    this.configName = configName;
    this.resourceStem = resourceStem;
    this.pooling = pooling;
    this.dimension = dimension;
    this.prefix = prefix;
  }

  /** The default model: the one measured best for StudyBot (README, "Models"). */
  public static final SentenceModel DEFAULT = ALL_MINILM_L6_V2_Q;

  /** The name used in the configuration and at the start of the model id. */
  public String configName() {
    return configName;
  }

  /** The model's class-path resource (an ONNX graph). */
  String modelResource() {
    return resourceStem + ".onnx";
  }

  /** The tokenizer's class-path resource (a Hugging Face tokenizer.json). */
  String tokenizerResource() {
    return resourceStem + "-tokenizer.json";
  }

  Pooling pooling() {
    return pooling;
  }

  /** The length of its vectors. */
  public int dimension() {
    return dimension;
  }

  /** Put before every text embedded (the model was trained with it); empty for most models. */
  String prefix() {
    return prefix;
  }

  /** The model whose {@link #configName()} is {@code name}. */
  public static Optional<SentenceModel> named(String name) {
    return Arrays.stream(values()).filter(m -> m.configName.equals(name)).findFirst();
  }

  /** Every {@link #configName()}, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(SentenceModel::configName).toList();
  }
}
