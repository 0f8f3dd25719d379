package vn.election.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which bind addresses count as loopback-only: the rule both servers use for logins and /metrics. */
class BindAddressTest {

    @Test
    void loopbackIsLocalhostAndTheLoopbackRangeOnly() {
        assertThat(BindAddress.isLoopback("127.0.0.1")).isTrue();
        assertThat(BindAddress.isLoopback("127.1.2.3")).isTrue();
        assertThat(BindAddress.isLoopback("::1")).isTrue();
        assertThat(BindAddress.isLoopback("localhost")).isTrue();
        assertThat(BindAddress.isLoopback("0.0.0.0")).as("every interface").isFalse();
        assertThat(BindAddress.isLoopback("10.0.0.7")).isFalse();
        assertThat(BindAddress.isLoopback("no-such-host.invalid")).as("unknown: protect it").isFalse();
    }
}
