package vn.election.dashboard.state;

import java.time.OffsetDateTime;

/**
 * One point of a unit's curve as the report reads it: the unit's figures as of a bucket end.
 *
 * @param open true while the bucket is not closed (its figures so far; a late reading may still amend them)
 */
public record CurvePoint(OffsetDateTime bucketEnd, long voted, long registered, long reporting, boolean open) {
}
