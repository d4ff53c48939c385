package org.studybot.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A store test, run once on SQLite and once on PostgreSQL; it takes a {@link TestDb} parameter. See
 * {@link TestDatabases} for where PostgreSQL comes from and when its run is skipped or fails.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(TestDatabases.class)
public @interface StoreTest {}
