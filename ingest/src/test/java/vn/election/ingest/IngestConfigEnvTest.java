package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.election.model.registry.Registry;
import vn.election.testing.TestRegistries;

class IngestConfigEnvTest {

    private static final Registry REGISTRY = TestRegistries.tiny2026();
    private static final String METRICS_TOKEN = "m".repeat(32);

    @Test
    void unsetVariablesTakeTheDefaults() {
        IngestConfig c = IngestConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092"), REGISTRY);
        assertThat(c).isEqualTo(IngestConfig.defaults("k:9092", REGISTRY));
    }

    @Test
    void readsEveryVariableOfItsEnvMap() {
        Map<String, String> env = Map.ofEntries(Map.entry("INGEST_HOST", "0.0.0.0"), Map.entry("INGEST_PORT", "9000"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "a:1,b:2"), Map.entry("TOPIC_PREFIX", "p."),
                Map.entry("INGEST_MAX_BATCH", "10"), Map.entry("INGEST_MAX_BODY_BYTES", "2048"),
                Map.entry("INGEST_MAX_CLOCK_SKEW_SECONDS", "60"), Map.entry("INGEST_TOKEN_STORE", "/t/tokens"),
                Map.entry("INGEST_TOKEN_RELOAD_MS", "500"), Map.entry("INGEST_DEFAULT_TOKEN_RATE", "7"),
                Map.entry("INGEST_MAX_IN_FLIGHT_READINGS", "100"), Map.entry("INGEST_MAX_IN_FLIGHT_BYTES", "4096"),
                Map.entry("INGEST_BODY_DEADLINE_SECONDS", "5"), Map.entry("INGEST_MAX_BODIES_PER_TOKEN", "3"),
                Map.entry("INGEST_MAX_IN_FLIGHT_BYTES_PER_TOKEN", "2048"), Map.entry("INGEST_MAX_SEQ", "5000"),
                Map.entry("INGEST_MAX_OBSERVED_AGE_SECONDS", "0"),
                Map.entry("INGEST_EARLIEST_OBSERVED_AT", "2026-03-14T00:00:00+07:00"),
                Map.entry("INGEST_METRICS_TOKEN", METRICS_TOKEN));
        assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(IngestConfig.ENV.values());
        IngestConfig c = IngestConfig.fromEnv(env, REGISTRY);
        assertThat(c).isEqualTo(new IngestConfig("0.0.0.0", 9000, "a:1,b:2", "p.", REGISTRY, 10, 2048, Duration.ofSeconds(60),
                Path.of("/t/tokens"), Duration.ofMillis(500), 7, 100, 4096, Duration.ofSeconds(5), 3, 2048, 5000, Duration.ZERO,
                Instant.parse("2026-03-13T17:00:00Z"), METRICS_TOKEN));
    }

    @Test
    void refusesABadNumberNamingTheKeyAndItsVariable() {
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:1", "INGEST_PORT", "http"), REGISTRY))
                .hasMessage("ingest.port (env INGEST_PORT): expected a whole number, got 'http'");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:1",
                "INGEST_EARLIEST_OBSERVED_AT", "2026-03-14"), REGISTRY))
                .hasMessage("ingest.earliestObservedAt (env INGEST_EARLIEST_OBSERVED_AT): expected a date-time with an "
                        + "offset like 2026-03-14T00:00:00+07:00, got '2026-03-14'");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of(), REGISTRY))
                .hasMessageContaining("env KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> IngestConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:1", "INGEST_PORT", "70000"), REGISTRY))
                .hasMessageContaining("ingest.port");
    }

    @Test
    void theServiceReadsTheConfigVariablesPlusRegistryAndToken() {
        assertThat(IngestMain.envNames()).containsAll(IngestConfig.ENV.values()).contains("REGISTRY_FILE", "INGEST_TOKEN");
    }
}
