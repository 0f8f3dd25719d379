package vn.election.jobs.records;

import vn.election.model.reading.Reading;

/**
 * A record of the readings topic as the source decoded it: a reading, or the raw bytes with the reason
 * it could not be read. Decoding in the source lets watermarks come from each partition's own times.
 */
public record DecodedRecord(Reading reading, byte[] raw, String reason) {

    public static DecodedRecord of(Reading reading) {
        return new DecodedRecord(reading, null, null);
    }

    public static DecodedRecord refused(byte[] raw, String reason) {
        return new DecodedRecord(null, raw, reason);
    }

    /** Event time: the observation time, or Long.MIN_VALUE for a refused record so it never moves a watermark. */
    public long eventTime() {
        return reading == null ? Long.MIN_VALUE : reading.observedAt().toEpochMilli();
    }
}
