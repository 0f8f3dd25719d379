package vn.election.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessConfigTest {

    @Test
    void readsTheMetricsTokenFromItsVariableAndNeverPrintsIt() {
        String token = "0123456789abcdef0123456789abcdef";
        AccessConfig c = AccessConfig.fromEnv(Map.of("DASHBOARD_METRICS_TOKEN", token));
        assertThat(c.metricsToken()).isEqualTo(token);
        assertThat(c.toString()).doesNotContain(token).contains("metricsToken=set");
        assertThat(AccessConfig.fromEnv(Map.of()).metricsToken()).isNull();
        assertThat(AccessConfig.ENV).containsEntry("metricsToken", "DASHBOARD_METRICS_TOKEN");
    }

    @Test
    void refusesAShortMetricsTokenNamingTheVariableWithoutEchoingIt() {
        assertThatThrownBy(() -> AccessConfig.fromEnv(Map.of("DASHBOARD_METRICS_TOKEN", "short-secret")))
                .hasMessageContaining("DASHBOARD_METRICS_TOKEN").hasMessageNotContaining("short-secret");
    }
}
