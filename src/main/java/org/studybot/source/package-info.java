/**
 * Where the articles come from: a local directory (the default) or a Git repository that the study
 * site's CMS (CloudCannon, or anyone pushing markdown) edits. The loader always reads a directory;
 * a {@link org.studybot.source.ContentSource} only decides what that directory holds and says which
 * version it is.
 *
 * <p>Start at {@link org.studybot.source.ContentSource}; {@link
 * org.studybot.source.GitContentSource} clones, fetches and moves a checkout under the data
 * directory, keeping the last good content on any failure. {@link
 * org.studybot.source.ContentWebhook} turns a push notification from GitHub or GitLab into a
 * reload, and {@link org.studybot.source.PushCoalescer} folds a burst of pushes into one. Depends
 * on {@code content} (for names) and {@code ops} (the HTTP route contract) only.
 */
package org.studybot.source;
