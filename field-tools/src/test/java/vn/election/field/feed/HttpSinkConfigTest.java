package vn.election.field.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpSinkConfigTest {

    private static final String TOKEN = "edt_0123456789abcdef";

    @Test
    void completesAHostAndPortToTheReadingsUrl() {
        assertThat(HttpSinkConfig.endpoint("http://127.0.0.1:8081")).hasToString("http://127.0.0.1:8081/api/v1/readings");
        assertThat(HttpSinkConfig.endpoint(" http://127.0.0.1:8081/ ")).hasToString("http://127.0.0.1:8081/api/v1/readings");
        assertThat(HttpSinkConfig.endpoint("https://ingest.example/api/v1/readings"))
                .hasToString("https://ingest.example/api/v1/readings");
        assertThat(HttpSinkConfig.endpoint("https://proxy.example/election/readings"))
                .hasToString("https://proxy.example/election/readings");
    }

    @Test
    void refusesWhatIsNotAnHttpUrlSayingWhatWasExpected() {
        for (String bad : new String[] {"127.0.0.1:8081", "ftp://host/", "http://", "http://host:8081/?x=1", "", "http://a b"}) {
            assertThatThrownBy(() -> HttpSinkConfig.endpoint(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected http://host:port or http://host:port/api/v1/readings");
        }
    }

    @Test
    void refusesBadSettingsNamingTheKey() {
        HttpSinkConfig ok = HttpSinkConfig.of("http://127.0.0.1:8081", TOKEN);

        assertThat(ok.batchSize()).isEqualTo(500);
        assertThat(ok.maxInFlight()).isEqualTo(4);
        assertThat(ok.retryLimit()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> ok.withBatchSize(0)).hasMessageStartingWith("batchSize must be between 1 and 1000");
        assertThatThrownBy(() -> ok.withBatchSize(1001)).hasMessageStartingWith("batchSize must be between 1 and 1000");
        assertThatThrownBy(() -> ok.withMaxInFlight(0)).hasMessageStartingWith("maxInFlight");
        assertThatThrownBy(() -> ok.withRetryLimit(Duration.ofSeconds(-1))).hasMessageStartingWith("retryLimit");
        assertThatThrownBy(() -> ok.withRequestTimeout(Duration.ZERO)).hasMessageStartingWith("requestTimeout");
        assertThatThrownBy(() -> HttpSinkConfig.of("http://h", null)).hasMessageStartingWith("token is missing");
        assertThatThrownBy(() -> HttpSinkConfig.of("http://h", TOKEN + "\n")).hasMessageStartingWith("token may hold only");
    }

    @Test
    void neverShowsTheToken() {
        assertThat(HttpSinkConfig.of("http://127.0.0.1:8081", TOKEN).toString()).doesNotContain(TOKEN).contains("hidden");
    }

    @Test
    void backsOffExponentiallyWithJitterUpToThirtySeconds() {
        for (int i = 0; i < 200; i++) {
            assertThat(HttpReadingSink.backoff(0)).isBetween(Duration.ofMillis(125), Duration.ofMillis(250));
            assertThat(HttpReadingSink.backoff(3)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
            assertThat(HttpReadingSink.backoff(40)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDateCappedAtThirtySeconds() {
        assertThat(HttpReadingSink.retryAfter(Optional.of("5"))).contains(Duration.ofSeconds(5));
        assertThat(HttpReadingSink.retryAfter(Optional.of("3600"))).contains(Duration.ofSeconds(30));
        assertThat(HttpReadingSink.retryAfter(Optional.of("soon"))).isEmpty();
        assertThat(HttpReadingSink.retryAfter(Optional.of("-3"))).isEmpty();
        assertThat(HttpReadingSink.retryAfter(Optional.empty())).isEmpty();
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        assertThat(HttpReadingSink.retryAfter(Optional.of(inTenSeconds)))
                .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10)));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(10));
        assertThat(HttpReadingSink.retryAfter(Optional.of(past))).contains(Duration.ZERO);
    }
}
