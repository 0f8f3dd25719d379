package vn.election.model.reading;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One turnout reading: source {@code source} of polling area {@code stationId} had counted
 * {@code voted} voters at {@code observedAt}, reading number {@code seq}; optionally a new list size.
 *
 * @param utcOffsetSeconds the offset the reporter wrote, kept so times are shown as they were sent
 * @param registered a new list size for the polling area, or {@code null} when the reading carries none
 */
public record Reading(String stationId, String source, long seq, Instant observedAt, int utcOffsetSeconds,
                      long voted, Long registered) {

    /** The source a reading has when it names none. */
    public static final String DEFAULT_SOURCE = "main";

    public Reading {
        Objects.requireNonNull(stationId, "stationId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /** Builds a reading from an offset date-time, keeping its offset. */
    public static Reading of(String stationId, String source, long seq, OffsetDateTime observedAt,
                             long voted, Long registered) {
        return new Reading(stationId, source, seq, observedAt.toInstant(),
                observedAt.getOffset().getTotalSeconds(), voted, registered);
    }

    /** The observation time in the offset it was reported with. */
    public OffsetDateTime observedAtLocal() {
        return observedAt.atOffset(ZoneOffset.ofTotalSeconds(utcOffsetSeconds));
    }
}
