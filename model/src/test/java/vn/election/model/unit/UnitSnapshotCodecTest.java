package vn.election.model.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitSnapshotCodecTest {

    private static UnitSnapshot quangNinh() {
        Map<String, LevelCompletion> levels = new LinkedHashMap<>();
        levels.put("polling_area", new LevelCompletion(1340, 1438, 1438L));
        levels.put("commune", new LevelCompletion(133, 177, null));
        levels.put("district", new LevelCompletion(4, 13, null));
        return new UnitSnapshot("VN-22", "VN", "province", "Quảng Ninh", 1_000_000, 999_500, levels,
                "2021-05-23T19:00:00+07:00", 42);
    }

    @Test
    void writesTheContractShapeAndReadsItBack() {
        UnitSnapshot s = quangNinh();
        String json = new String(UnitSnapshotCodec.encode(s), StandardCharsets.UTF_8);
        assertThat(json).contains("\"turnout_pct\":99.95")
                .contains("\"complete_by_level\":{\"polling_area\":{\"complete\":1340,\"total\":1438,\"reporting\":1438},"
                        + "\"commune\":{\"complete\":133,\"total\":177}");
        assertThat(UnitSnapshotCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(s);
    }

    @Test
    void writesTheSameBytesAsItsTree() {
        Map<String, LevelCompletion> none = new LinkedHashMap<>();
        UnitSnapshot hostile = new UnitSnapshot("X-1", null, "polling_area", "<script>\"a\\b\u0001</script> Khu vực “số 1”",
                0, 0, none, null, 0);
        UnitSnapshot full = new UnitSnapshot("VN-22-001", "VN-22", "district", "Hạ Long", 3, 3, quangNinh().completeByLevel(),
                "2021-05-23T19:00:00+07:00", Long.MAX_VALUE);
        for (UnitSnapshot s : new UnitSnapshot[] {quangNinh(), hostile, full}) {
            assertThat(new String(UnitSnapshotCodec.encode(s), StandardCharsets.UTF_8))
                    .isEqualTo(UnitSnapshotCodec.toNode(s).toString());
            assertThat(UnitSnapshotCodec.decode(UnitSnapshotCodec.encode(s))).isEqualTo(s);
        }
    }

    @Test
    void roundsTurnoutHalfUpToTwoDecimals() {
        assertThat(UnitSnapshot.turnoutPct(2, 3)).isEqualByComparingTo(new BigDecimal("66.67"));
        assertThat(UnitSnapshot.turnoutPct(1, 8)).isEqualByComparingTo(new BigDecimal("12.50"));
        assertThat(UnitSnapshot.turnoutPct(99_995, 100_000)).isEqualByComparingTo(new BigDecimal("100.00"));
        assertThat(UnitSnapshot.turnoutPct(5, 0)).isNull();
    }

    @Test
    void completeNeedsAListAndEveryVoter() {
        assertThat(UnitSnapshot.isComplete(0, 0)).isFalse();
        assertThat(UnitSnapshot.isComplete(10, 10)).isTrue();
        assertThat(UnitSnapshot.isComplete(11, 10)).isTrue();
        assertThat(UnitSnapshot.isComplete(9, 10)).isFalse();
    }

    @Test
    void refusesNullTruncatedAndHostileInput() {
        assertThatThrownBy(() -> UnitSnapshotCodec.decode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnitSnapshotCodec.decode("{\"unit_id\":\"A\"".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> UnitSnapshotCodec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> UnitSnapshotCodec.decode("{\"unit_id\":1}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unit_id");
        assertThatThrownBy(() -> UnitSnapshotCodec.decode(("{\"unit_id\":\"A\",\"level\":\"x\",\"name\":\"A\","
                + "\"registered\":-1,\"voted\":0}").getBytes(StandardCharsets.UTF_8))).hasMessageContaining("negative");
        assertThatThrownBy(() -> UnitSnapshotCodec.decode(("{\"unit_id\":\"A\",\"level\":\"x\",\"name\":\"A\","
                + "\"registered\":1,\"voted\":0,\"complete_by_level\":[]}").getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("complete_by_level");
    }

    @Test
    void keepsTrailingZerosOfDecimalsThroughAParsedTree() throws Exception {
        var tree = vn.election.model.json.Json.MAPPER.readTree("{\"turnout_pct\":50.00}");
        assertThat(vn.election.model.json.Json.MAPPER.writeValueAsString(tree)).isEqualTo("{\"turnout_pct\":50.00}");
    }
}
