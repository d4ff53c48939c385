/**
 * The store: StudyBot's shared state in one database, so that any number of replicas can serve
 * side by side and nothing acknowledged is lost. Embedded SQLite under the data directory by
 * default (nothing to install); PostgreSQL (pooled with HikariCP) when several replicas share it.
 * The JDBC URL chooses: {@code STUDYBOT_DATABASE_URL} from the environment, else the config's
 * {@code store.url}, else {@code jdbc:sqlite:<data_dir>/studybot.db}. Both run the same schema,
 * brought up to date by Flyway at start ({@code src/main/resources/db/migration}); a database
 * newer than the code is refused.
 *
 * <p>Start with {@link org.studybot.store.Store} (open, migrate, close), then the APIs it hands
 * out: {@link org.studybot.store.WorkQueue} (the durable intake: enqueue idempotently, claim under a
 * lease, complete or retry; {@code recorded(key)} is how a retried Slack event is recognised) and
 * {@link org.studybot.store.Feedback} (votes, unanswered questions, gaps). Depends on the JDK, JDBC drivers, HikariCP and Flyway, and in StudyBot only on the
 * small interfaces it implements or reports through ({@code feedback}, {@code ops}, {@code
 * source.ServedVersions}: {@link org.studybot.store.ContentVersions}, the commit replicas serve,
 * {@code semantic.VectorStore}: {@link org.studybot.store.SharedVectors}, article vectors
 * embedded once for every replica, and {@code usage.UsageCounts}: {@link org.studybot.store.Counters},
 * the admins' statistics per workspace and day). A write that fails because of the storage (a full
 * disk, an I/O error: {@code WriteFailure}) makes the store unwritable until a
 * probe write succeeds: reported once, in {@code /healthz} meanwhile, writes refused at once with a
 * {@link org.studybot.store.StoreException} marked {@linkplain
 * org.studybot.store.StoreException#reported() reported}. What a student did meanwhile is not lost:
 * {@link org.studybot.store.Held} keeps such writes in memory (votes and unanswered questions in
 * {@link org.studybot.store.StoreFeedback}, the ends of deliveries in the intake) and writes them,
 * in order and once, when the store writes again.
 */
package org.studybot.store;
