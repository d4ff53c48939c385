package org.studybot.intake;

/**
 * What the intake has done since this replica started. Immutable.
 *
 * @param accepted requests acknowledged and recorded to be answered here
 * @param duplicates requests already recorded (Slack's retries), acknowledged and not run again
 * @param slowDown requests refused because their student or channel asked too fast
 * @param busy requests refused because this replica holds as much work as it may
 * @param recorded requests recorded while stopping, left for the next start or another replica
 * @param resumed items taken from the store rather than from a request (an earlier run's, a dead
 *     replica's, or a retry that came due)
 * @param answered deliveries that succeeded
 * @param late of those, answers that said they were late
 * @param retried deliveries that failed and were put back to be tried again
 * @param failed items given up: undeliverable, or out of attempts
 * @param expired items given up because their response URL had run out
 * @param held items this replica holds now (waiting and running)
 */
public record IntakeCounts(
    long accepted,
    long duplicates,
    long slowDown,
    long busy,
    long recorded,
    long resumed,
    long answered,
    long late,
    long retried,
    long failed,
    long expired,
    int held) {

  /** One line for logs and health: no ids, no text. */
  public String summary() {
    return "accepted " + accepted + ", answered " + answered + " (" + late + " late), held " + held
        + ", resumed " + resumed + ", refused " + (slowDown + busy) + " (slow down " + slowDown + ", busy "
        + busy + "), duplicates " + duplicates + ", retried " + retried + ", failed " + failed
        + ", expired " + expired + ", recorded while stopping " + recorded;
  }
}
