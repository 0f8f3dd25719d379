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
}
