package vn.election.jobs.records;

/**
 * A validated reading on its way to the shard that owns its polling area: the shard's key and the area's
 * index in it replace the station id (the shard knows its areas' ids), so the shuffle carries no registry
 * look-up to repeat and no long id.
 *
 * @param registered a new list size, or -1 when the reading carries none
 * @param sentBy the id of the token that sent it, or null: named in a correction, should the reading make one
 */
public record ShardReading(int shardKey, int area, String source, long seq, long observedMillis, int offsetSeconds,
                           long voted, long registered, String sentBy) {

    /** No list size in the reading. */
    public static final long NO_LIST = -1;
}
