package org.studybot.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.studybot.content.Article;
import org.studybot.content.CorpusLoader;
import org.studybot.semantic.ArticleVectors;

/**
 * Writes a vector cache for a corpus without running the model: each article gets a real vector
 * of a smaller cache ({@code --from}, same model id) plus Gaussian noise, under its true key. The
 * engine then starts "warm" at any size, so load, index and query times of the semantic engine
 * can be measured at 100k without embedding 100k articles first (an hour on two busy cores). The
 * answers are meaningless; only the timings count. Layout as documented on VectorCache.
 *
 * <p>Usage: {@code SyntheticVectors --content DIR --from CACHE --out CACHE [--noise 0.03]}.
 */
public final class SyntheticVectors {
  private SyntheticVectors() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Cli.options(args);
    byte[] from = Files.readAllBytes(Path.of(Cli.required(opts, "from")));
    float noise = Float.parseFloat(opts.getOrDefault("noise", "0.03"));
    ByteBuffer in = ByteBuffer.wrap(from).order(ByteOrder.LITTLE_ENDIAN);
    in.position(12);
    int idLength = in.getInt();
    in.position(in.position() + idLength);
    int dim = in.getInt();
    int count = in.getInt();
    int header = in.position() - 4; // everything up to the count
    float[][] base = new float[count][dim];
    for (int i = 0; i < count; i++) {
      in.position(in.position() + 16);
      for (int j = 0; j < dim; j++) {
        base[i][j] = in.getFloat();
      }
    }
    List<Article> articles = new CorpusLoader(1_048_576).load(Path.of(Cli.required(opts, "content"))).articles();
    ByteBuffer out = ByteBuffer.allocate(header + 4 + articles.size() * (16 + 4 * dim) + 4).order(ByteOrder.LITTLE_ENDIAN);
    out.put(from, 0, header).putInt(articles.size());
    Random random = new Random(7);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Article a : articles) {
      ByteBuffer h = ByteBuffer.wrap(sha.digest(ArticleVectors.text(a).getBytes(StandardCharsets.UTF_8)));
      out.putLong(h.getLong()).putLong(h.getLong());
      float[] v = base[random.nextInt(count)];
      float[] w = new float[dim];
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        w[j] = v[j] + (float) (random.nextGaussian() * noise);
        norm += w[j] * w[j];
      }
      for (int j = 0; j < dim; j++) {
        out.putFloat((float) (w[j] / Math.sqrt(norm)));
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    Path target = Path.of(Cli.required(opts, "out"));
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.write(target, out.array());
    System.err.printf("wrote %,d synthetic vectors to %s%n", articles.size(), target);
  }
}
