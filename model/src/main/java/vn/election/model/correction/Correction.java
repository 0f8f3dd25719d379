package vn.election.model.correction;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * An applied reading that lowered a source's counter or changed a polling area's list, with the figure before
 * and after it and the token that sent it: the record of a correction, kept for whoever asks why a figure moved.
 *
 * @param field {@link #VOTED} (the source's count went down) or {@link #REGISTERED} (the area's list changed)
 * @param sentBy the id of the ingest token that sent the reading, or {@code null} when no token did
 */
public record Correction(String stationId, String source, String field, long before, long after, Instant observedAt,
                         int utcOffsetSeconds, long seq, String sentBy) {

    /** A source's count went below its previous count. */
    public static final String VOTED = "voted";
    /** The polling area's list size changed. */
    public static final String REGISTERED = "registered";

    public Correction {
        Objects.requireNonNull(stationId, "stationId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
        if (!VOTED.equals(field) && !REGISTERED.equals(field)) {
            throw new IllegalArgumentException("field must be voted or registered, got " + field);
        }
    }

    /**
     * The same on every run of the same readings (one reading changes a field once), so a reader drops the
     * repeats an at-least-once sink may write.
     */
    public String correctionId() {
        return stationId + "/" + source + "/" + seq + "/" + field;
    }

    /** The observation time in the offset it was reported with. */
    public OffsetDateTime observedAtLocal() {
        return observedAt.atOffset(ZoneOffset.ofTotalSeconds(utcOffsetSeconds));
    }
}
