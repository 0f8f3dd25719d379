package vn.election.dashboard.report;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import vn.election.dashboard.state.TermLabel;
import vn.election.model.registry.Unit;

/**
 * The table a provincial report ends with, for one unit at one moment: turnout, voted of registered,
 * polling areas reporting, units at 100% per lower level against the previous term, and where each
 * figure came from.
 *
 * @param registered voters on the list; null when the figures at that time are not kept (a polling area's past)
 * @param areasReporting polling areas below the unit that had sent a reading; null for a polling area or when not kept
 * @param levels one row per level below the unit, polling areas first
 * @param previousTermLabel the previous-term file's label, in Vietnamese and English
 * @param previousTurnout the previous term's turnout at the same time of day; null when no baseline curve applies
 */
public record TurnoutReport(Unit unit, Long registered, Long voted, BigDecimal turnoutPct, Long areasReporting,
                            long areasTotal, List<LevelRow> levels, TermLabel previousTermLabel,
                            PreviousTurnout previousTurnout, AsOf asOf) {

    public TurnoutReport {
        levels = List.copyOf(levels);
    }

    /**
     * Units of one lower level at 100%.
     *
     * @param previousCompletePct the previous term's share at the close; null when the previous-term file has none
     */
    public record LevelRow(String level, long complete, long total, BigDecimal completePct, BigDecimal previousCompletePct) {
    }

    /** The previous term's turnout at {@code time} of day, from the baseline curve of {@code unitId} (the unit's or its nearest ancestor's). */
    public record PreviousTurnout(BigDecimal pct, LocalTime time, String unitId, TermLabel label) {
    }

    /** Where the figures came from. */
    public enum Source {
        /** the unit's latest figures ({@code turnout.units}) */
        SNAPSHOT,
        /** a point of the unit's curve ({@code turnout.history}) */
        HISTORY,
        /** nothing counted yet: the registry's list, nobody voted */
        REGISTRY,
        /** a polling area's past figures: its curve is not kept */
        NOT_KEPT,
        /** counted from each unit's completion time, kept from {@code turnout.history} */
        COMPLETION_TIMES;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param requested the moment asked for ({@code ?at}); null for "now"
     * @param time the moment the figures describe: the snapshot's {@code as_of} or the curve point's bucket end; null before any data
     * @param figures where registered, voted and reporting came from
     * @param open true when the curve point is of a bucket not closed yet (figures so far)
     * @param completeByLevel where the counts at 100% came from
     * @param note why the figures are not of the moment asked for, or null
     */
    public record AsOf(OffsetDateTime requested, OffsetDateTime time, Source figures, boolean open, Source completeByLevel,
                       String zone, String note) {
    }
}
