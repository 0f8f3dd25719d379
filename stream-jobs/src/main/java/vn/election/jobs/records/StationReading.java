package vn.election.jobs.records;

/**
 * One reading the tally accepted (a higher {@code seq} than its source had), with the polling area's
 * figures before and after it: what the station-level anomaly detectors look at.
 *
 * @param sourceVotedBefore the source's previous count, or -1 for its first reading
 * @param stationVotedBefore all sources summed before this reading
 * @param stationVoted all sources summed after it
 * @param registered the list size in force after it
 * @param previousObservedMillis when the area's previous accepted reading was observed, or Long.MIN_VALUE
 */
public record StationReading(String stationId, String source, long seq, long observedMillis, int offsetSeconds,
                             long sourceVotedBefore, long sourceVoted, long stationVotedBefore, long stationVoted,
                             long registered, long previousObservedMillis) {
}
