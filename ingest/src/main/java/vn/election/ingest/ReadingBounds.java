package vn.election.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.election.model.reading.FieldError;
import vn.election.model.reading.Reading;

/**
 * The plausible range of a reading's {@code seq} and {@code observed_at}, so one absurd value cannot
 * freeze a station (downstream keeps the highest seq: one at 2^63-1 would win over everything after
 * it) or make every area look late by decades; pure: a reading, its index and the server's clock in,
 * the errors naming field and index out.
 */
final class ReadingBounds {

    private final long maxSeq;
    private final Duration maxClockSkew;
    private final Duration maxObservedAge;
    private final Instant earliestObservedAt;

    /**
     * @param maxObservedAge zero for no bound on age
     * @param earliestObservedAt null for no fixed earliest time
     */
    ReadingBounds(long maxSeq, Duration maxClockSkew, Duration maxObservedAge, Instant earliestObservedAt) {
        this.maxSeq = maxSeq;
        this.maxClockSkew = maxClockSkew;
        this.maxObservedAge = maxObservedAge;
        this.earliestObservedAt = earliestObservedAt;
    }

    static ReadingBounds of(IngestConfig config) {
        return new ReadingBounds(config.maxSeq(), config.maxClockSkew(), config.maxObservedAge(),
                config.earliestObservedAt());
    }

    /** The bounds' defaults with the given future skew. */
    static ReadingBounds defaults(Duration maxClockSkew) {
        return new ReadingBounds(IngestConfig.DEFAULT_MAX_SEQ, maxClockSkew, IngestConfig.DEFAULT_MAX_OBSERVED_AGE, null);
    }

    /** What is out of range in reading {@code index}, at server time {@code now}; empty when nothing is. */
    List<FieldError> check(Reading r, int index, Instant now) {
        List<FieldError> errors = new ArrayList<>(0);
        // The report form's seq is the time in epoch seconds, far above any counter: it may go up to
        // the server's clock (plus the skew), so a wrong one is overtaken within minutes, not never.
        long seqLimit = Math.max(maxSeq, now.plus(maxClockSkew).getEpochSecond());
        if (r.seq() > seqLimit) {
            errors.add(new FieldError(index, "seq", r.seq() + " is above the highest seq taken, " + maxSeq
                    + " (or the server's clock in epoch seconds, " + seqLimit + ", for the report form): a device "
                    + "counting its reports cannot reach it, and a seq that high would hide every later reading "
                    + "of this station and source"));
        }
        Instant at = r.observedAt();
        if (at.isAfter(now.plus(maxClockSkew))) {
            errors.add(new FieldError(index, "observed_at", r.observedAtLocal() + " is more than " + human(maxClockSkew)
                    + " after the server's clock (" + now + "); check the device's clock and time zone"));
        } else if (earliestObservedAt != null && at.isBefore(earliestObservedAt)) {
            errors.add(new FieldError(index, "observed_at", r.observedAtLocal() + " is before " + earliestObservedAt
                    + ", the earliest time this ingest takes (earliestObservedAt); check the device's clock"));
        } else if (!maxObservedAge.isZero() && at.isBefore(now.minus(maxObservedAge))) {
            errors.add(new FieldError(index, "observed_at", r.observedAtLocal() + " is more than " + human(maxObservedAge)
                    + " before the server's clock (" + now + "); check the device's clock and time zone"));
        }
        return errors;
    }

    private static String human(Duration d) {
        if (d.toSeconds() % 3600 == 0 && !d.isZero()) {
            long hours = d.toHours();
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        if (d.toSeconds() % 60 == 0 && !d.isZero()) {
            long minutes = d.toMinutes();
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        return d.toSeconds() + " seconds";
    }
}
