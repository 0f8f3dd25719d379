package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

    @Test
    void defaultsMatchTheContract() {
        DashboardConfig c = DashboardConfig.defaults("localhost:9092", Fixtures.REGISTRY);

        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.topicPrefix()).isEmpty();
        assertThat(c.pushInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.targetPct()).isEqualByComparingTo("99.5");
    }

    @Test
    void refusesBadValuesNamingTheKey() {
        DashboardConfig c = DashboardConfig.defaults("localhost:9092", Fixtures.REGISTRY);

        assertThatThrownBy(() -> c.withPort(70000)).hasMessageContaining("port").hasMessageContaining("70000");
        assertThatThrownBy(() -> c.withHost(" ")).hasMessageContaining("host");
        assertThatThrownBy(() -> c.withTopicPrefix("a b")).hasMessageContaining("topicPrefix");
        assertThatThrownBy(() -> c.withPushInterval(Duration.ZERO)).hasMessageContaining("pushInterval");
        assertThatThrownBy(() -> c.withTargetPct(new BigDecimal("101"))).hasMessageContaining("targetPct");
        assertThatThrownBy(() -> DashboardConfig.defaults("", Fixtures.REGISTRY)).hasMessageContaining("bootstrapServers");
        assertThatThrownBy(() -> DashboardConfig.defaults("k:9092", null)).hasMessageContaining("registry");
    }

    @Test
    void readsEnvironmentAndNamesTheVariableOnError() {
        DashboardConfig c = DashboardConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "DASHBOARD_PORT", "0",
                "DASHBOARD_HOST", "0.0.0.0", "DASHBOARD_PUSH_INTERVAL_MS", "500", "DASHBOARD_TARGET_PCT", "99"), Fixtures.REGISTRY);

        assertThat(c.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(c.port()).isZero();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.pushInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.targetPct()).isEqualByComparingTo("99");

        assertThatThrownBy(() -> DashboardConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:1", "DASHBOARD_PORT", "eighty"),
                Fixtures.REGISTRY)).hasMessageContaining("DASHBOARD_PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> DashboardConfig.fromEnv(Map.of(), Fixtures.REGISTRY))
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void readsUnitTargetsAndPollsOpenFromTheEnvironment(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String province = Fixtures.REGISTRY.children(Fixtures.REGISTRY.root()).get(0);
        java.nio.file.Path targets = java.nio.file.Files.writeString(dir.resolve("targets.csv"),
                "unit_id,target_pct\n" + province + ",98\n");
        DashboardConfig c = DashboardConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "DASHBOARD_TARGETS_FILE", targets.toString(), "DASHBOARD_POLLS_OPEN", "06:30"), Fixtures.REGISTRY);
        assertThat(c.screen().targets().own()).containsOnlyKeys(province);
        assertThat(c.screen().targets().of(Fixtures.REGISTRY.children(province).get(0), Fixtures.REGISTRY))
                .isEqualByComparingTo("98");
        assertThat(c.screen().pollsOpen()).isEqualTo(java.time.LocalTime.of(6, 30));

        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.csv"), "unit_id,target_pct\nNOWHERE,98\n");
        assertThatThrownBy(() -> DashboardConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:1",
                "DASHBOARD_TARGETS_FILE", bad.toString()), Fixtures.REGISTRY))
                .hasMessageContaining("DASHBOARD_TARGETS_FILE").hasMessageContaining("line 2: unit_id NOWHERE is not in the registry");
        assertThatThrownBy(() -> DashboardConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:1",
                "DASHBOARD_POLLS_OPEN", "7am"), Fixtures.REGISTRY)).hasMessageContaining("DASHBOARD_POLLS_OPEN")
                .hasMessageContaining("7am");
    }
}
