package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsAccessTest {

    @Test
    void loopbackIsLocalhostAndTheLoopbackRangeOnly() {
        assertThat(MetricsAccess.isLoopback("127.0.0.1")).isTrue();
        assertThat(MetricsAccess.isLoopback("127.1.2.3")).isTrue();
        assertThat(MetricsAccess.isLoopback("::1")).isTrue();
        assertThat(MetricsAccess.isLoopback("localhost")).isTrue();
        assertThat(MetricsAccess.isLoopback("0.0.0.0")).as("every interface").isFalse();
        assertThat(MetricsAccess.isLoopback("10.0.0.7")).isFalse();
        assertThat(MetricsAccess.isLoopback("no-such-host.invalid")).as("unknown: protect it").isFalse();
    }
}
