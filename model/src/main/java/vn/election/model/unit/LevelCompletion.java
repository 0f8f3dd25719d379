package vn.election.model.unit;

/**
 * Units of one lower level that have reached 100%, out of all of them;
 * {@code reporting} (polling areas that sent a reading) is set only for the leaf level.
 */
public record LevelCompletion(long complete, long total, Long reporting) {
}
