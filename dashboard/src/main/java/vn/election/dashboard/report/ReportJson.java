package vn.election.dashboard.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import vn.election.model.json.Json;

/** The JSON answer of {@code GET /api/v1/units/{id}/report} (its schema is in docs/api/dashboard.openapi.yaml). */
public final class ReportJson {

    private ReportJson() {
    }

    public static ObjectNode of(TurnoutReport r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", r.unit().id());
        o.put("parent_id", r.unit().parentId());
        o.put("level", r.unit().level());
        o.put("name", r.unit().name());
        putLong(o, "registered", r.registered());
        putLong(o, "voted", r.voted());
        putPct(o, "turnout_pct", r.turnoutPct());
        putLong(o, "areas_reporting", r.areasReporting());
        o.put("areas_total", r.areasTotal());
        ArrayNode levels = o.putArray("complete_by_level");
        for (TurnoutReport.LevelRow row : r.levels()) {
            ObjectNode l = levels.addObject();
            l.put("level", row.level());
            l.put("complete", row.complete());
            l.put("total", row.total());
            putPct(l, "complete_pct", row.completePct());
            putPct(l, "previous_complete_pct", row.previousCompletePct());
        }
        ObjectNode previous = o.putObject("previous_term");
        previous.put("label", r.previousTermLabel().label());
        previous.put("label_en", r.previousTermLabel().labelEn());
        TurnoutReport.PreviousTurnout t = r.previousTurnout();
        if (t == null) {
            previous.putNull("turnout");
        } else {
            previous.putObject("turnout").put("turnout_pct", t.pct()).put("time", t.time().toString())
                    .put("unit_id", t.unitId()).put("label", t.label().label()).put("label_en", t.label().labelEn());
        }
        TurnoutReport.AsOf a = r.asOf();
        ObjectNode asOf = o.putObject("as_of");
        putTime(asOf, "requested", a.requested());
        putTime(asOf, "time", a.time());
        asOf.put("zone", a.zone());
        asOf.put("figures", a.figures().wire());
        asOf.put("open", a.open());
        asOf.put("complete_by_level", a.completeByLevel().wire());
        asOf.put("note", a.note());
        return o;
    }

    private static void putLong(ObjectNode o, String field, Long value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private static void putPct(ObjectNode o, String field, BigDecimal value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private static void putTime(ObjectNode o, String field, OffsetDateTime value) {
        o.put(field, value == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
    }
}
