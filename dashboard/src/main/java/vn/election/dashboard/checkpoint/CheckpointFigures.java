package vn.election.dashboard.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import vn.election.dashboard.report.TurnoutReport;
import vn.election.model.checkpoint.CheckpointRecord;
import vn.election.model.checkpoint.CheckpointRecord.LevelCount;
import vn.election.model.json.Json;
import vn.election.model.unit.UnitSnapshot;

/**
 * A unit's figures at a checkpoint, as frozen or as known now, in one shape so the two can be compared: a later
 * correction is a difference in a count, never in where the figures came from.
 */
record CheckpointFigures(long registered, long voted, long areasReporting, long areasTotal, List<LevelCount> levels,
                         String source, OffsetDateTime time) {

    /** The figures of a report at the checkpoint; only for units above the polling areas (theirs are all present). */
    static CheckpointFigures of(TurnoutReport r) {
        List<LevelCount> levels = new ArrayList<>();
        for (TurnoutReport.LevelRow row : r.levels()) {
            levels.add(new LevelCount(row.level(), row.complete(), row.total()));
        }
        return new CheckpointFigures(nonNull(r.registered()), nonNull(r.voted()), nonNull(r.areasReporting()), r.areasTotal(),
                levels, r.asOf().figures().wire(), r.asOf().time());
    }

    static CheckpointFigures of(CheckpointRecord c) {
        return new CheckpointFigures(c.registered(), c.voted(), c.areasReporting(), c.areasTotal(), c.completeByLevel(),
                c.source(), c.figuresTime());
    }

    /** True when a count differs: a correction after the freeze. */
    boolean differsFrom(CheckpointFigures other) {
        return registered != other.registered || voted != other.voted || areasReporting != other.areasReporting
                || !levels.equals(other.levels);
    }

    ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("registered", registered);
        o.put("voted", voted);
        o.put("turnout_pct", UnitSnapshot.turnoutPct(voted, registered));
        o.put("areas_reporting", areasReporting);
        o.put("areas_total", areasTotal);
        ArrayNode rows = o.putArray("complete_by_level");
        for (LevelCount l : levels) {
            rows.addObject().put("level", l.level()).put("complete", l.complete()).put("total", l.total())
                    .put("complete_pct", UnitSnapshot.turnoutPct(l.complete(), l.total()));
        }
        o.put("source", source);
        o.put("time", time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
        return o;
    }

    private static long nonNull(Long v) {
        return v == null ? 0 : v;
    }
}
