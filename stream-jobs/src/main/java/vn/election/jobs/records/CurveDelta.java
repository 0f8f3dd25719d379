package vn.election.jobs.records;

/**
 * A child's change in one bucket of event time, for its parent's curve: sent when the child's bucket closes
 * (the watermark reached its end), or at once when the change came after that (a late change).
 *
 * @param unitId the parent the change is for (the key of the next curve stage)
 * @param bucket the bucket of event time ({@code HistoryConfig.bucketOf}: the one whose end is at or after the change's
 *               observation, ends inclusive)
 */
public record CurveDelta(String unitId, long bucket, long voted, long registered, long reporting, int offsetSeconds) {
}
