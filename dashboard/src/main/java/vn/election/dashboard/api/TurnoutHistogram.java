package vn.election.dashboard.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import vn.election.dashboard.state.AreaIndex;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.json.Json;
import vn.election.model.unit.UnitSnapshot;

/**
 * The distribution of polling-area turnout below a unit, the election-forensics fingerprint: one bin
 * per percentage point from 0 to 99, one for exactly 100 %, and a count above 100 %.
 */
final class TurnoutHistogram {

    private TurnoutHistogram() {
    }

    static ObjectNode of(UnitStore store, AreaIndex index, String unitId) {
        long[] bins = new long[101];
        long areas = 0;
        long reporting = 0;
        long over = 0;
        for (String id : index.areasOf(unitId)) {
            areas++;
            if (!store.reported(id)) {
                continue;
            }
            reporting++;
            UnitSnapshot s = store.get(id);
            if (s.registered() <= 0) {
                continue;
            }
            if (s.voted() > s.registered()) {
                over++;
            } else if (s.voted() == s.registered()) {
                bins[100]++;
            } else {
                // Integer arithmetic: 99.999 % must land in the 99 bin, never round up to 100.
                bins[(int) (s.voted() * 100 / s.registered())]++;
            }
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", unitId);
        o.put("areas", areas);
        o.put("reporting", reporting);
        ArrayNode a = o.putArray("bins");
        for (int k = 0; k < 100; k++) {
            a.addObject().put("from", k).put("to", k + 1).put("count", bins[k]);
        }
        a.addObject().put("from", 100).put("to", 100).put("count", bins[100]);
        o.put("over_100", over);
        return o;
    }
}
