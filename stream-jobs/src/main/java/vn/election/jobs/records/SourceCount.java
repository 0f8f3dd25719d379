package vn.election.jobs.records;

/** The latest reading number and count of one source (main box, mobile box, poll-book device) of a polling area. */
public record SourceCount(long seq, long voted) {
}
