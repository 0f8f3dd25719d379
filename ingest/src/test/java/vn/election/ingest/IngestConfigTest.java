package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.election.ingest.IngestFixtures.REGISTRY;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestConfigTest {

    @Test
    void defaultsMatchTheContract() {
        IngestConfig c = IngestConfig.defaults("localhost:9092", REGISTRY);

        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8081);
        assertThat(c.topicPrefix()).isEmpty();
        assertThat(c.maxBatch()).isEqualTo(1000);
        assertThat(c.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(c.maxClockSkew()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.bodyDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxSeq()).isEqualTo(1_000_000_000L);
        assertThat(c.maxObservedAge()).isEqualTo(Duration.ofHours(24));
        assertThat(c.earliestObservedAt()).isNull();
        assertThat(c.maxBodiesPerToken()).isEqualTo(8);
        assertThat(c.tokenShareBytes()).as("an eighth of 64 MiB").isEqualTo(8L * 1024 * 1024);
        assertThat(c.withMaxInFlightBytes(2L * 1024 * 1024).tokenShareBytes()).as("never under one full body")
                .isEqualTo(1024 * 1024);
    }

    @Test
    void nullOptionalSettingsTakeTheirDefaults() {
        IngestConfig c = new IngestConfig(null, 0, "localhost:9092", null, REGISTRY, 10, 100, null);

        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.topicPrefix()).isEmpty();
        assertThat(c.maxClockSkew()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void neverShowsTheMetricsToken() {
        IngestConfig c = IngestConfig.defaults("localhost:9092", REGISTRY).withMetricsToken("  secret-metrics-token-of-32-bytes!! ");

        assertThat(c.metricsToken()).as("trimmed").isEqualTo("secret-metrics-token-of-32-bytes!!");
        assertThat(c.toString()).contains("metricsToken=set", "maxSeq=1000000000").doesNotContain("secret");
        assertThat(c.withMetricsToken(" ").metricsToken()).as("blank is none").isNull();
    }

    @Test
    void refusesBadSettingsNamingTheKey() {
        IngestConfig ok = IngestConfig.defaults("localhost:9092", REGISTRY);

        assertThatThrownBy(() -> ok.withPort(70_000)).hasMessageStartingWith("ingest.port").hasMessageContaining("70000");
        assertThatThrownBy(() -> ok.withPort(-1)).hasMessageStartingWith("ingest.port");
        assertThatThrownBy(() -> IngestConfig.defaults(" ", REGISTRY)).hasMessageStartingWith("ingest.bootstrapServers");
        assertThatThrownBy(() -> IngestConfig.defaults("localhost:9092", null)).hasMessageStartingWith("ingest.registry");
        assertThatThrownBy(() -> ok.withTopicPrefix("a/b")).hasMessageStartingWith("ingest.topicPrefix");
        assertThatThrownBy(() -> ok.withMaxBatch(0)).hasMessageStartingWith("ingest.maxBatch");
        assertThatThrownBy(() -> ok.withMaxBodyBytes(0)).hasMessageStartingWith("ingest.maxBodyBytes");
        assertThatThrownBy(() -> ok.withMaxClockSkew(Duration.ofMinutes(-1))).hasMessageStartingWith("ingest.maxClockSkew");
        assertThatThrownBy(() -> ok.withMaxClockSkew(Duration.ofDays(400))).hasMessageStartingWith("ingest.maxClockSkew");
        assertThatThrownBy(() -> ok.withHost("")).hasMessageStartingWith("ingest.host");
        assertThatThrownBy(() -> ok.withBodyDeadline(Duration.ofMillis(10))).hasMessageStartingWith("ingest.bodyDeadline");
        assertThatThrownBy(() -> ok.withMetricsToken("x".repeat(31))).hasMessageStartingWith("ingest.metricsToken")
                .hasMessageContaining("at least 32 bytes").hasMessageNotContaining("xxx");
        assertThatThrownBy(() -> ok.withMaxSeq(0)).hasMessageStartingWith("ingest.maxSeq");
        assertThatThrownBy(() -> ok.withMaxObservedAge(Duration.ofSeconds(5))).hasMessageStartingWith("ingest.maxObservedAge");
        assertThatThrownBy(() -> ok.withMaxObservedAge(Duration.ofDays(400))).hasMessageStartingWith("ingest.maxObservedAge");
        assertThatThrownBy(() -> ok.withMaxBodiesPerToken(0)).hasMessageStartingWith("ingest.maxBodiesPerToken");
        assertThatThrownBy(() -> ok.withMaxInFlightBytesPerToken(1000)).hasMessageStartingWith("ingest.maxInFlightBytesPerToken")
                .hasMessageContaining("1048576");
        assertThatThrownBy(() -> ok.withMaxInFlightBytesPerToken(ok.maxInFlightBytes() + 1))
                .hasMessageStartingWith("ingest.maxInFlightBytesPerToken");
    }
}
