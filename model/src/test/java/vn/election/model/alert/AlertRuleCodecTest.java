package vn.election.model.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.model.topic.Topics;

class AlertRuleCodecTest {

    @Test
    void writesAndReadsBackARule() {
        AlertRule r = new AlertRule("hn-silent-45", "SILENT_STATION", "VN-01", "polling_area", "critical", 10,
                new BigDecimal("45"), null, true, "Hà Nội: 45 minutes of silence");

        assertThat(AlertRuleCodec.decode(AlertRuleCodec.encode(r))).isEqualTo(r);
        assertThat(Topics.ALERT_RULES.valueDeserializer().deserialize("t", AlertRuleCodec.encode(r))).isEqualTo(r);
        assertThat(AlertRuleCodec.decodeAll(AlertRuleCodec.encodeAll(List.of(r)))).containsExactly(r);
        AlertRule recovering = r.withRecoveryMinutes(15);
        assertThat(new String(AlertRuleCodec.encode(recovering), StandardCharsets.UTF_8)).contains("\"recovery_minutes\":15");
        assertThat(AlertRuleCodec.decode(AlertRuleCodec.encode(recovering))).isEqualTo(recovering);
    }

    @Test
    void aRecoveryPeriodIsWholeMinutesUpToADayAndTheErrorNamesIt() {
        String rule = "{\"rule_id\":\"x\",\"kind\":\"SURGE\",\"severity\":\"info\",\"recovery_minutes\":";
        assertThat(AlertRuleCodec.decode(bytes(rule + "1440}")).recoveryMinutes()).isEqualTo(1440);
        assertThat(AlertRuleCodec.decode(bytes(rule + "null}")).recoveryMinutes()).isZero();
        for (String bad : new String[] {"-1", "1441", "2.5", "\"10\"", "true", "99999999999999999999", "[]"}) {
            assertThatThrownBy(() -> AlertRuleCodec.decode(bytes(rule + bad + "}"))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rule (x): recovery_minutes must be a whole number of minutes from 0 to 1440");
        }
    }

    @Test
    void theBundledRulesCoverEveryDetectedKind() {
        List<AlertRule> rules = AlertRuleCodec.bundledDefaults();

        assertThat(rules).extracting(AlertRule::kind).contains("OVER_100_PERCENT", "COUNTER_DECREASE", "SURGE",
                "SILENT_STATION", "JUMP_TO_100_BEFORE_CHECKPOINT", "LAGGING_PEERS", "BELOW_TARGET_AT_CLOSE", "TURNOUT_BELOW");
        assertThat(rules).allMatch(AlertRule::enabled);
    }

    @Test
    void defaultsAreFilledAndCaseIsForgiven() {
        AlertRule r = AlertRuleCodec.decode(bytes("{\"rule_id\":\"s\",\"kind\":\"surge\",\"severity\":\"WARNING\"}"));

        assertThat(r.kind()).isEqualTo("SURGE");
        assertThat(r.severity()).isEqualTo("warning");
        assertThat(r.pendingMinutes()).isZero();
        assertThat(r.recoveryMinutes()).isZero();
        assertThat(r.enabled()).isTrue();
        assertThat(r.scopeUnit()).isNull();
    }

    @Test
    void badRulesAreRefusedNamingTheRuleAndTheField() {
        assertThatThrownBy(() -> AlertRuleCodec.decode(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":"))).hasMessageContaining("malformed");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":\"a b\",\"kind\":\"SURGE\",\"severity\":\"info\"}")))
                .hasMessageContaining("rule_id must be");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":\"x\",\"kind\":\"FIRE\",\"severity\":\"info\"}")))
                .hasMessageContaining("rule (x): kind must be one of");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":\"x\",\"kind\":\"SURGE\",\"severity\":\"loud\"}")))
                .hasMessageContaining("severity must be info, warning or critical");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":\"x\",\"kind\":\"SURGE\",\"severity\":\"info\","
                + "\"threshold\":5}"))).hasMessageContaining("belong to SILENT_STATION and TURNOUT_BELOW");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":\"x\",\"kind\":\"TURNOUT_BELOW\",\"severity\":\"info\","
                + "\"threshold\":50}"))).hasMessageContaining("needs at (HH:mm)");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":\"x\",\"kind\":\"TURNOUT_BELOW\",\"severity\":\"info\","
                + "\"threshold\":50,\"at\":\"11h\"}"))).hasMessageContaining("HH:mm, got '11h'");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":\"x\",\"kind\":\"SURGE\",\"severity\":\"info\","
                + "\"pending_minutes\":-1}"))).hasMessageContaining("pending_minutes");
        assertThatThrownBy(() -> AlertRuleCodec.decode(bytes("{\"rule_id\":\"x\",\"kind\":\"SURGE\",\"severity\":\"info\","
                + "\"colour\":\"red\"}"))).hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> AlertRuleCodec.decodeAll(bytes("[{\"rule_id\":\"x\",\"kind\":\"SURGE\",\"severity\":\"info\"},"
                + "{\"rule_id\":\"x\",\"kind\":\"SURGE\",\"severity\":\"info\"}]"))).hasMessageContaining("rule 2: rule_id 'x' is used twice");
        assertThatThrownBy(() -> AlertRuleCodec.decodeAll(bytes("{}"))).hasMessageContaining("JSON array");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
