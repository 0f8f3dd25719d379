package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import vn.election.jobs.records.Finding;
import vn.election.model.alert.AnomalyKind;

/** Small helpers shared by the station detectors: local times, measured figures, a new finding. */
final class StationFindings {

    private StationFindings() {
    }

    /** {@code millis} in the reporter's offset, as the reporter would write it. */
    static OffsetDateTime local(long millis, int offsetSeconds) {
        return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** A measured or configured figure as an exact decimal with at most {@code scale} decimals. */
    static BigDecimal decimal(double v, int scale) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /** Whole minutes between two instants, rounded down. */
    static long minutes(long fromMillis, long toMillis) {
        return Math.floorDiv(toMillis - fromMillis, 60_000L);
    }

    /** A new episode of {@code ruleId} at the station, started at {@code startedMillis} in the reporter's offset. */
    static Finding found(String ruleId, AnomalyKind kind, String stationId, DetectorConfig config, long startedMillis,
                         int offsetSeconds, BigDecimal value, BigDecimal threshold, Finding.Figures figures) {
        return Finding.found(ruleId, kind.name(), stationId, config.leafLevel(), startedMillis, offsetSeconds, value,
                threshold, figures);
    }
}
