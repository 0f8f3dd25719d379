package vn.election.jobs.functions.unitrules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import vn.election.jobs.records.UnitFigures;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Unit;
import vn.election.model.unit.UnitSnapshot;

/** Small helpers shared by the unit-level rules: turnout of figures, local times, building an alert. */
final class UnitAlerts {

    private UnitAlerts() {
    }

    /** Turnout in percent as a double (for comparisons), or NaN while the list is empty. */
    static double turnout(UnitFigures f) {
        return f.registered() <= 0 ? Double.NaN : 100.0 * f.voted() / f.registered();
    }

    static BigDecimal pct(UnitFigures f) {
        BigDecimal p = UnitSnapshot.turnoutPct(f.voted(), f.registered());
        return p == null ? BigDecimal.ZERO : p;
    }

    static String time(long millis, int offsetSeconds) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds)));
    }

    static Alert firing(String ruleId, String kind, Unit unit, String severity, BigDecimal value, BigDecimal threshold,
                        String startedAt, String message) {
        return new Alert(Alert.episodeId(ruleId, unit.id(), startedAt), ruleId, kind, unit.id(), unit.level(), severity,
                Alert.State.FIRING, value, threshold, startedAt, null, message);
    }
}
