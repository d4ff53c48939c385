package org.studybot.answer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.studybot.config.BotConfig;
import org.studybot.content.Article;
import org.studybot.content.RelatedRef;
import org.studybot.reply.ArticleRef;
import org.studybot.search.CorpusIndex;

/** The one place an article (or a related entry) becomes an {@link ArticleRef} with its full link. */
final class Refs {
  private Refs() {}

  static ArticleRef of(BotConfig config, Article a, double score) {
    return new ArticleRef(a.id(), a.title(), a.subject(), config.link(a.url()), a.url(), score);
  }

  /** The article's related entries, resolved against the corpus where loaded; repeats dropped. */
  static List<ArticleRef> related(BotConfig config, Article a, CorpusIndex index) {
    List<ArticleRef> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(a.id());
    for (RelatedRef r : a.related()) {
      if (!seen.add(r.id())) {
        continue;
      }
      out.add(
          index
              .byId(r.id())
              .map(loaded -> of(config, loaded, 0))
              .orElseGet(() -> new ArticleRef(r.id(), r.title(), r.subject(), config.link(r.url()), r.url(), 0)));
    }
    return out;
  }
}
