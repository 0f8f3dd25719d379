package vn.election.jobs.functions;

import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import vn.election.model.correction.Correction;

/**
 * The side output both tallies put a correction on record to (a reading they applied that lowered its source's
 * count or changed its area's list), and the records themselves: made only when a correction happens.
 */
public final class Corrections {

    /** Corrections in the order the tally applied their readings: per polling area, the order of its partition. */
    public static final OutputTag<Correction> TAG =
            new OutputTag<>("corrections", TypeInformation.of(Correction.class));

    private Corrections() {
    }

    /**
     * A source's count went from {@code before} to {@code after}, lower. Nothing in it comes from the job's clock,
     * so a replay of the same readings writes the same records (the Kafka timestamp says when it was written).
     */
    public static Correction lowered(String stationId, String source, long before, long after, long observedMillis,
                                     int offsetSeconds, long seq, String sentBy) {
        return new Correction(stationId, source, Correction.VOTED, before, after, Instant.ofEpochMilli(observedMillis),
                offsetSeconds, seq, sentBy);
    }

    /** The area's list went from {@code before} to {@code after}. */
    public static Correction listChanged(String stationId, String source, long before, long after, long observedMillis,
                                         int offsetSeconds, long seq, String sentBy) {
        return new Correction(stationId, source, Correction.REGISTERED, before, after,
                Instant.ofEpochMilli(observedMillis), offsetSeconds, seq, sentBy);
    }
}
