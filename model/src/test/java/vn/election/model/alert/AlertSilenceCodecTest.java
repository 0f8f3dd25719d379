package vn.election.model.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

class AlertSilenceCodecTest {

    private static final Instant NOW = Instant.parse("2026-03-15T02:00:00Z");

    private static AlertSilence flooded() {
        return new AlertSilence("s-1", "VN-22", null, "SILENT_STATION", null, NOW.plusSeconds(3600), "road closed",
                "qn-ops", NOW, true, null, null);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesEveryFieldAndReadsItBack() {
        AlertSilence s = flooded();
        String json = new String(AlertSilenceCodec.encode(s), StandardCharsets.UTF_8);
        assertThat(json).contains("\"id\":\"s-1\"").contains("\"unit_id\":\"VN-22\"").contains("\"level\":null")
                .contains("\"ends_at\":\"2026-03-15T03:00:00Z\"").contains("\"created_by\":\"qn-ops\"")
                .contains("\"signed_in\":true").contains("\"expired_at\":null");
        assertThat(AlertSilenceCodec.decode(bytes(json))).isEqualTo(s);
        AlertSilence ended = s.expired("nation", NOW.plusSeconds(60));
        assertThat(AlertSilenceCodec.decode(AlertSilenceCodec.encode(ended))).isEqualTo(ended);
    }

    @Test
    void readsTimesWithAnyOffset() {
        AlertSilence s = AlertSilenceCodec.decode(bytes("{\"id\":\"x\",\"level\":\"province\",\"starts_at\":\"2026-03-15T09:00:00+07:00\","
                + "\"ends_at\":\"2026-03-15T10:00:00+07:00\",\"created_at\":\"2026-03-15T01:00:00Z\"}"));
        assertThat(s.startsAt()).isEqualTo(NOW);
        assertThat(s.signedIn()).isFalse();
        assertThat(s.createdBy()).isNull();
    }

    @Test
    void refusesWhatIsNotASilence() {
        assertThatThrownBy(() -> AlertSilenceCodec.decode(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> AlertSilenceCodec.decode(bytes("[1]"))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> AlertSilenceCodec.decode(bytes("{\"id\":\"x\""))).hasMessageContaining("malformed");
        assertThatThrownBy(() -> AlertSilenceCodec.decode(bytes("{\"id\":\"x\",\"kind\":\"SURGE\",\"created_at\":\"2026-03-15T01:00:00Z\"}")))
                .hasMessageContaining("ends_at");
        assertThatThrownBy(() -> AlertSilenceCodec.decode(bytes("{\"id\":\"x\",\"ends_at\":\"2026-03-15T03:00:00Z\",\"created_at\":\"2026-03-15T01:00:00Z\"}")))
                .hasMessageContaining("no matcher");
        assertThatThrownBy(() -> AlertSilenceCodec.decode(bytes("{\"id\":\"x\",\"kind\":\"SURGE\",\"ends_at\":\"tomorrow\",\"created_at\":\"2026-03-15T01:00:00Z\"}")))
                .hasMessageContaining("ends_at must be an ISO-8601 time");
        assertThatThrownBy(() -> AlertSilenceCodec.decode(bytes("{\"id\":\"x\",\"kind\":\"SURGE\",\"starts_at\":\"2026-03-15T04:00:00Z\","
                + "\"ends_at\":\"2026-03-15T03:00:00Z\",\"created_at\":\"2026-03-15T01:00:00Z\"}"))).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> AlertSilenceCodec.decode(bytes("{\"id\":\"" + "x".repeat(65) + "\",\"kind\":\"SURGE\","
                + "\"ends_at\":\"2026-03-15T03:00:00Z\",\"created_at\":\"2026-03-15T01:00:00Z\"}"))).hasMessageContaining("id must be");
    }

    @Test
    void mutesMatchingAlertsWhileInForceAndStopsWhenEndedEarly() {
        Registry registry = RegistryLoader.bundledDemo();
        String province = "VN-01";
        String otherProvince = "VN-22";
        String area = "VN-01-001-00001-001";
        AlertSilence s = new AlertSilence("s", province, null, "SILENT_STATION", null, NOW.plusSeconds(3600), null, null, NOW,
                false, null, null);
        Alert silent = alert("SILENT_STATION", area);
        assertThat(s.mutes(silent, registry, NOW.plusSeconds(10))).isTrue();
        assertThat(s.mutes(alert("SURGE", area), registry, NOW.plusSeconds(10))).isFalse();
        assertThat(s.mutes(alert("SILENT_STATION", otherProvince), registry, NOW.plusSeconds(10))).isFalse();
        assertThat(s.mutes(alert("SILENT_STATION", "VN-99-NOT-THERE"), registry, NOW.plusSeconds(10))).isFalse();
        assertThat(s.mutes(silent, registry, NOW.plusSeconds(3600))).as("ends_at is exclusive").isFalse();
        AlertSilence ended = s.expired("nation", NOW.plusSeconds(60));
        assertThat(ended.mutes(silent, registry, NOW.plusSeconds(59))).isTrue();
        assertThat(ended.mutes(silent, registry, NOW.plusSeconds(60))).isFalse();
        assertThat(ended.endedBy(NOW.plusSeconds(60))).isTrue();
        AlertSilence later = new AlertSilence("l", null, null, "SILENT_STATION", NOW.plusSeconds(600), NOW.plusSeconds(3600),
                null, null, NOW, false, null, null);
        assertThat(later.mutes(silent, registry, NOW)).as("not started yet").isFalse();
        assertThat(later.mutes(silent, registry, NOW.plusSeconds(600))).isTrue();
    }

    private static Alert alert(String kind, String unit) {
        return new Alert(Alert.episodeId("r", unit, "t"), "r", kind, unit, null, "warning", Alert.State.FIRING, null, null,
                "2026-03-15T09:00:00+07:00", null, "m");
    }
}
