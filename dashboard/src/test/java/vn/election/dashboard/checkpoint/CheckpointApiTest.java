package vn.election.dashboard.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The checkpoint table: frozen figures stay, a later correction shows beside them as "now", later ones pending. */
class CheckpointApiTest {

    private final CheckpointDay day = new CheckpointDay();

    @Test
    void aLaterCorrectionShowsBesideTheFrozenFigureNotOverIt() {
        day.point("X-1", "11:00", 599, 1000, 3);
        day.areasAt("11:10");
        day.freezer().runOnce(records -> records.forEach(day.store::offer));

        JsonNode before = row(day.api().table(day.registry.unit("X-1")), "11:00");
        assertThat(before.get("state").asText()).isEqualTo("frozen");
        assertThat(before.at("/frozen/voted").asLong()).isEqualTo(599);
        assertThat(before.at("/frozen/turnout_pct").decimalValue()).isEqualByComparingTo("59.90");
        assertThat(before.get("now").isNull()).isTrue();
        assertThat(before.get("changed").asBoolean()).isFalse();

        day.point("X-1", "11:00", 612, 1000, 4);   // a late reading amended the 11:00 bucket
        ObjectNode table = day.api().table(day.registry.unit("X-1"));
        JsonNode after = row(table, "11:00");
        assertThat(after.at("/frozen/voted").asLong()).isEqualTo(599);
        assertThat(after.at("/now/voted").asLong()).isEqualTo(612);
        assertThat(after.at("/now/areas_reporting").asLong()).isEqualTo(4);
        assertThat(after.get("changed").asBoolean()).isTrue();
        assertThat(row(table, "13:00").get("state").asText()).isEqualTo("pending");
        assertThat(row(table, "13:00").get("frozen").isNull()).isTrue();
        assertThat(table.get("checkpoints")).hasSize(6);
        assertThat(table.get("day").asText()).isEqualTo("2026-03-15");
    }

    @Test
    void aPollingAreaHasNoCheckpointsAndSaysWhy() {
        ObjectNode table = day.api().table(day.registry.unit("X-1-a-1"));
        assertThat(table.get("kept").asBoolean()).isFalse();
        assertThat(table.get("checkpoints")).isEmpty();
        assertThat(table.get("note").asText()).contains("not kept");
    }

    private static JsonNode row(ObjectNode table, String at) {
        for (JsonNode r : table.get("checkpoints")) {
            if (r.get("at").asText().equals(at)) {
                return r;
            }
        }
        throw new AssertionError("no checkpoint " + at + " in " + table);
    }
}
