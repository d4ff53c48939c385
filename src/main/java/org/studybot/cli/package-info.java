/**
 * The command line: {@link org.studybot.cli.Main} parses the arguments and runs one command
 * ({@code shell}, {@code ask}, {@code query}, {@code validate}, {@code subjects}, {@code eval},
 * {@code serve}) with injected streams and environment, returning an exit code (0 ok, 1 failure,
 * 2 usage). {@code System.exit} is called only by {@code main}.
 */
package org.studybot.cli;
