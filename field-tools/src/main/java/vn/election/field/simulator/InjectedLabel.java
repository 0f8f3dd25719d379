package vn.election.field.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import vn.election.model.json.Json;

/**
 * One ground-truth label: which unit, what was injected, and over which stretch of observation time
 * ({@code until} null when it lasts to the end of the day). Written one JSON object per line.
 */
public record InjectedLabel(InjectedKind kind, String unitId, String level, OffsetDateTime from, OffsetDateTime until,
                            String detail) {

    public String toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", kind.name());
        o.put("anomaly", kind.anomaly());
        o.put("unit_id", unitId);
        o.put("level", level);
        o.put("from", from.toString());
        o.put("until", until == null ? null : until.toString());
        o.put("detail", detail);
        return o.toString();
    }
}
