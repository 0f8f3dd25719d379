package vn.election.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

class OriginCheckTest {

    private static final HostAndPort HOST = HostAndPort.authority("127.0.0.1", 8080);

    @Test
    void allowsSameHostAndClientsWithoutOrigin() {
        assertThat(OriginCheck.allowed("http://127.0.0.1:8080", HOST, false)).isTrue();
        assertThat(OriginCheck.allowed(null, HOST, false)).isTrue();
        assertThat(OriginCheck.allowed("", HOST, false)).isTrue();
        assertThat(OriginCheck.allowed("https://Dashboard.Example", HostAndPort.authority("dashboard.example"), true)).isTrue();
        assertThat(OriginCheck.allowed("http://[::1]:8080", HostAndPort.authority("[::1]", 8080), false)).isTrue();
    }

    @Test
    void refusesOtherSitesPortsAndOpaqueOrigins() {
        assertThat(OriginCheck.allowed("http://evil.example", HOST, false)).isFalse();
        assertThat(OriginCheck.allowed("http://127.0.0.1:8081", HOST, false)).isFalse();
        assertThat(OriginCheck.allowed("null", HOST, false)).isFalse();
        assertThat(OriginCheck.allowed("file://", HOST, false)).isFalse();
        assertThat(OriginCheck.allowed("http://127.0.0.1:8080", null, false)).isFalse();
    }
}
