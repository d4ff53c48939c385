package org.studybot.cli;

/** A command line that cannot be run as written; exit code 2. */
final class Usage extends Exception {
  private static final long serialVersionUID = 1L;

  Usage(String message) {
    super(message);
  }
}
