package vn.election.model.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertCodecTest {

    private static Alert silent() {
        String id = Alert.episodeId("silent-station", "VN-22-001-00001-001", "2021-05-23T09:00:00+07:00");
        return new Alert(id, "silent-station", "SILENT_STATION", "VN-22-001-00001-001", "polling_area", "warning",
                Alert.State.FIRING, new BigDecimal("120"), new BigDecimal("120"), "2021-05-23T09:00:00+07:00", null,
                "no reading for 120 minutes", "không có số liệu trong 120 phút");
    }

    @Test
    void writesTheContractShapeAndReadsItBack() {
        Alert a = silent();
        String json = new String(AlertCodec.encode(a), StandardCharsets.UTF_8);
        assertThat(json).contains("\"state\":\"firing\"").contains("\"ended_at\":null").contains("\"kind\":\"SILENT_STATION\"");
        assertThat(json).contains("\"message_vi\":\"không có số liệu trong 120 phút\"");
        assertThat(AlertCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(a);
    }

    @Test
    void aRecoveringAlertIsWrittenAndReadAsRecovering() {
        Alert f = silent();
        Alert recovering = new Alert(f.alertId(), f.ruleId(), f.kind(), f.unitId(), f.level(), f.severity(),
                Alert.State.RECOVERING, BigDecimal.ZERO, f.threshold(), f.startedAt(), null, "cleared", "đã hết");
        String json = new String(AlertCodec.encode(recovering), StandardCharsets.UTF_8);
        assertThat(json).contains("\"state\":\"recovering\"").contains("\"ended_at\":null");
        assertThat(AlertCodec.decode(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(recovering);
    }

    @Test
    void readsAnAlertWrittenBeforeTheVietnameseMessageExisted() {
        String old = "{\"alert_id\":\"a\",\"kind\":\"K\",\"unit_id\":\"U\",\"state\":\"firing\",\"message\":\"m\"}";
        Alert a = AlertCodec.decode(old.getBytes(StandardCharsets.UTF_8));
        assertThat(a.message()).isEqualTo("m");
        assertThat(a.messageVi()).isNull();
    }

    @Test
    void anEpisodeKeepsItsIdWhenResolved() {
        Alert firing = silent();
        Alert resolved = firing.resolved("2021-05-23T11:30:00+07:00", BigDecimal.ZERO, "reporting again");
        assertThat(resolved.alertId()).isEqualTo(firing.alertId());
        assertThat(resolved.state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(Alert.episodeId("r", "u", "t")).isEqualTo(Alert.episodeId("r", "u", "t"))
                .isNotEqualTo(Alert.episodeId("r", "u", "t2")).hasSize(32);
    }

    @Test
    void refusesNullTruncatedAndHostileInput() {
        assertThatThrownBy(() -> AlertCodec.decode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertCodec.decode("{\"alert_id\":".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> AlertCodec.decode("{\"alert_id\":\"a\",\"kind\":\"K\",\"unit_id\":\"U\",\"state\":\"boom\"}"
                .getBytes(StandardCharsets.UTF_8))).hasMessage("alert state must be pending, firing, recovering or resolved");
        assertThatThrownBy(() -> AlertCodec.decode(("{\"alert_id\":\"a\",\"kind\":\"K\",\"unit_id\":\"U\","
                + "\"state\":\"firing\",\"value\":\"x\"}").getBytes(StandardCharsets.UTF_8))).hasMessageContaining("value");
    }
}
