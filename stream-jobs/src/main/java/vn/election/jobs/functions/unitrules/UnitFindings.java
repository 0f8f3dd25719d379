package vn.election.jobs.functions.unitrules;

import java.math.BigDecimal;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.UnitFigures;
import vn.election.model.registry.Unit;
import vn.election.model.unit.UnitSnapshot;

/** Small helpers shared by the unit-level rules: turnout of figures, a new finding. */
final class UnitFindings {

    private UnitFindings() {
    }

    /** Turnout in percent as a double (for comparisons), or NaN while the list is empty. */
    static double turnout(UnitFigures f) {
        return f.registered() <= 0 ? Double.NaN : 100.0 * f.voted() / f.registered();
    }

    static BigDecimal pct(UnitFigures f) {
        BigDecimal p = UnitSnapshot.turnoutPct(f.voted(), f.registered());
        return p == null ? BigDecimal.ZERO : p;
    }

    /** A new episode of {@code ruleId} at the unit, started at {@code startedMillis} in the reporter's offset. */
    static Finding found(String ruleId, String kind, Unit unit, long startedMillis, int offsetSeconds, BigDecimal value,
                         BigDecimal threshold, Finding.Figures figures) {
        return Finding.found(ruleId, kind, unit.id(), unit.level(), startedMillis, offsetSeconds, value, threshold,
                figures);
    }
}
