/**
 * The command line: {@link org.studybot.cli.Main} parses the arguments and runs one command
 * ({@code shell}, {@code serve}, {@code ask}, {@code query}, {@code validate}, {@code index},
 * {@code migrate}, {@code subjects}, {@code eval}) with injected streams and environment, returning an exit code (0 ok, 1 failure,
 * 2 usage). {@code System.exit} is called only by {@code main}.
 */
package org.studybot.cli;
