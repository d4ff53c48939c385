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
 * lease, complete or retry) and {@link org.studybot.store.SeenEvents} (event de-duplication across
 * replicas). Depends on the JDK, JDBC drivers, HikariCP and Flyway, and in StudyBot only on the
 * small interfaces it implements or reports through ({@code feedback}, {@code ops}, {@code
 * source.ServedVersions}: {@link org.studybot.store.ContentVersions}, the commit replicas serve,
 * {@code semantic.VectorStore}: {@link org.studybot.store.SharedVectors}, article vectors
 * embedded once for every replica, and {@code usage.UsageCounts}: {@link org.studybot.store.Counters},
 * the admins' statistics per workspace and day).
 */
package org.studybot.store;
