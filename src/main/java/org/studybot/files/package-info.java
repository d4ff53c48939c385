/**
 * Creating the bot's own files under its data directory owner-only (directories 0700, files
 * 0600): start at {@link org.studybot.files.PrivateFiles}. Every package that writes under {@code
 * data_dir} (feedback logs, the SQLite store, the vector cache and index, unpacked native
 * libraries) goes through it. Depends only on the JDK.
 */
package org.studybot.files;
