package org.studybot.content;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A short name for a corpus's content, the same on every machine that reads the same articles:
 * SHA-256 over every article's fields in id order, leaving out where the file was read from (two
 * replicas may keep the content at different paths). A content directory has no commit, so
 * replicas compare this instead.
 */
public final class CorpusFingerprint {
  private CorpusFingerprint() {}

  /** {@code content:} and the first 12 hex digits of the hash, e.g. {@code content:1a2b3c4d5e6f}. */
  public static String of(List<Article> articles) {
    List<Article> sorted = new ArrayList<>(articles);
    sorted.sort(Comparator.comparing(Article::id));
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    for (Article a : sorted) {
      for (Object field :
          List.of(a.id(), a.title(), a.question(), a.subject(), a.url(), a.date(), a.description(),
              a.keywords(), a.answer(), a.related())) {
        // Length-prefixed so that moving text from one field to the next changes the hash.
        byte[] b = String.valueOf(field).getBytes(StandardCharsets.UTF_8);
        sha.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(b);
      }
    }
    return "content:" + HexFormat.of().formatHex(sha.digest()).substring(0, 12);
  }
}
