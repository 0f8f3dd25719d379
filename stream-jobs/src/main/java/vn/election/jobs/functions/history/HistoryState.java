package vn.election.jobs.functions.history;

/**
 * What {@link TurnoutHistory} keeps per unit: the open bucket, the latest figures seen, and a fixed
 * ring with voted at the end of the closed buckets just before the open one, so state never grows.
 * Public with a canonical constructor so Flink serializes it as a POJO (no Kryo).
 *
 * @param bucket      the open bucket (floor of as-of time / bucket width)
 * @param closedVoted ring indexed by bucket modulo its length (one hour of buckets)
 * @param known       how many closed buckets right before {@code bucket} the ring holds (0 .. its length)
 */
public record HistoryState(long bucket, long voted, long registered, long reporting, int offsetSeconds,
                           long[] closedVoted, int known) {
}
