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
 * @param sentBy the id of the ingest token that sent it (set by the gateway, never by the client), or {@code null}
 *               for a reading that did not come through ingest or was written before the field existed
 */
public record Reading(String stationId, String source, long seq, Instant observedAt, int utcOffsetSeconds,
                      long voted, Long registered, String sentBy) {

    /** The source a reading has when it names none. */
    public static final String DEFAULT_SOURCE = "main";

    public Reading {
        Objects.requireNonNull(stationId, "stationId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /** A reading nobody is named as sending (the simulator, replay, tests). */
    public Reading(String stationId, String source, long seq, Instant observedAt, int utcOffsetSeconds,
                   long voted, Long registered) {
        this(stationId, source, seq, observedAt, utcOffsetSeconds, voted, registered, null);
    }

    /** The same reading as sent by the token {@code tokenId}. */
    public Reading withSentBy(String tokenId) {
        return new Reading(stationId, source, seq, observedAt, utcOffsetSeconds, voted, registered, tokenId);
    }

    /** Builds a reading from an offset date-time, keeping its offset. */
    public static Reading of(String stationId, String source, long seq, OffsetDateTime observedAt,
                             long voted, Long registered) {
        return new Reading(stationId, source, seq, observedAt.toInstant(),
                observedAt.getOffset().getTotalSeconds(), voted, registered);
    }

    /**
     * Equal when they report the same thing: who sent it is where it came from, not what it says, as a batch
     * sent again by another token changes nothing either.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r && seq == r.seq && utcOffsetSeconds == r.utcOffsetSeconds && voted == r.voted
                && stationId.equals(r.stationId) && source.equals(r.source) && observedAt.equals(r.observedAt)
                && Objects.equals(registered, r.registered);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stationId, source, seq, observedAt, utcOffsetSeconds, voted, registered);
    }

    /** The observation time in the offset it was reported with. */
    public OffsetDateTime observedAtLocal() {
        return observedAt.atOffset(ZoneOffset.ofTotalSeconds(utcOffsetSeconds));
    }
}
