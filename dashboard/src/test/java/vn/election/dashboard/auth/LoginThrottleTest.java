package vn.election.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Instant T0 = Instant.parse("2021-05-23T01:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle();
    private final String key = LoginThrottle.key("QN-Ops", "10.0.0.7");

    @Test
    void letsFiveFailuresThroughThenDoublesTheWait() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed(key, T0);
            assertThat(throttle.waitFor(key, T0)).isEmpty();
        }
        throttle.failed(key, T0);
        assertThat(throttle.waitFor(key, T0)).contains(Duration.ofSeconds(1));
        assertThat(throttle.waitFor(key, T0.plusSeconds(1))).isEmpty();
        throttle.failed(key, T0.plusSeconds(1));
        assertThat(throttle.waitFor(key, T0.plusSeconds(1))).contains(Duration.ofSeconds(2));
        assertThat(LoginThrottle.delay(100)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void keysAreNamePlusAddressAndForgottenOnSuccessOrAfterAQuarterHour() {
        for (int i = 0; i < 6; i++) {
            throttle.failed(key, T0);
        }
        assertThat(throttle.waitFor(LoginThrottle.key("qn-ops", "10.0.0.7"), T0)).isPresent();
        assertThat(throttle.waitFor(LoginThrottle.key("qn-ops", "10.0.0.8"), T0)).isEmpty();
        assertThat(throttle.waitFor(LoginThrottle.key("hn-ops", "10.0.0.7"), T0)).isEmpty();
        assertThat(throttle.waitFor(key, T0.plus(Duration.ofMinutes(16)))).isEmpty();

        throttle.failed(key, T0);
        throttle.succeeded(key);
        assertThat(throttle.waitFor(key, T0)).isEmpty();
    }

    @Test
    void staysBoundedUnderManyNames() {
        for (int i = 0; i < LoginThrottle.MAX_KEYS + 500; i++) {
            throttle.failed(LoginThrottle.key("n" + i, "1.2.3.4"), T0);
        }
        assertThat(throttle.size()).isEqualTo(LoginThrottle.MAX_KEYS);
    }
}
