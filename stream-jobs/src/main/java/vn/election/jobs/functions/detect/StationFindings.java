package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AnomalyKind;

/** Small helpers shared by the station detectors: local times, figures for messages, a firing alert. */
final class StationAlerts {

    static final String CRITICAL = "critical";
    static final String WARNING = "warning";

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private StationAlerts() {
    }

    /** {@code millis} in the reporter's offset, as the reporter would write it. */
    static OffsetDateTime local(long millis, int offsetSeconds) {
        return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds));
    }

    /** ISO-8601 with the reporter's offset and seconds always written: {@code 2021-05-23T09:15:00+07:00}. */
    static String time(long millis, int offsetSeconds) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(local(millis, offsetSeconds));
    }

    /** Local wall-clock time for messages: {@code 09:15}. */
    static String clock(long millis, int offsetSeconds) {
        return CLOCK.format(local(millis, offsetSeconds));
    }

    /** A count with thousands separators: {@code 1,234}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code part} as a percentage of {@code whole}, rounded half-up to 2 decimals (docs/contract.md's turnout). */
    static BigDecimal percent(long part, long whole) {
        if (whole <= 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
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

    /** Critical for what cannot be right (more voters than the list, a counter going down), warning otherwise. */
    static String severity(AnomalyKind kind) {
        return kind == AnomalyKind.OVER_100_PERCENT || kind == AnomalyKind.COUNTER_DECREASE ? CRITICAL : WARNING;
    }

    /** A new episode of {@code ruleId} at the station, firing from {@code startedAt}: its id follows from those three. */
    static Alert firing(String ruleId, AnomalyKind kind, String stationId, DetectorConfig config, BigDecimal value,
                        BigDecimal threshold, String startedAt, String message) {
        return new Alert(Alert.episodeId(ruleId, stationId, startedAt), ruleId, kind.name(), stationId,
                config.leafLevel(), severity(kind), Alert.State.FIRING, value, threshold, startedAt, null, message);
    }
}
