package vn.election.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressLimiterTest {

    @Test
    void refusesMoreChecksAtOnceThanAllowedUntilOneIsReleased() {
        AddressLimiter limiter = new AddressLimiter(new LoginLimits(4, 8, 2, 100));
        assertThat(limiter.admit("127.0.0.2").admitted()).isTrue();
        assertThat(limiter.admit("127.0.0.2").admitted()).isTrue();
        AddressLimiter.Admission third = limiter.admit("127.0.0.2");
        assertThat(third.admitted()).isFalse();
        assertThat(third.refusal()).isEqualTo(AddressLimiter.Admission.TOO_MANY_AT_ONCE);
        assertThat(third.retryAfterSeconds()).isEqualTo(1);
        // Another address is not held back by this one.
        assertThat(limiter.admit("127.0.0.1").admitted()).isTrue();

        limiter.release("127.0.0.2");
        assertThat(limiter.inFlight("127.0.0.2")).isEqualTo(1);
        assertThat(limiter.admit("127.0.0.2").admitted()).isTrue();
    }

    @Test
    void refusesAttemptsBeyondThePerMinuteBudgetWithTheWait() {
        AddressLimiter limiter = new AddressLimiter(new LoginLimits(4, 8, 2, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit("10.0.0.9").admitted()).as("attempt " + i).isTrue();
            limiter.release("10.0.0.9");
        }
        AddressLimiter.Admission fourth = limiter.admit("10.0.0.9");
        assertThat(fourth.admitted()).isFalse();
        assertThat(fourth.refusal()).isEqualTo(AddressLimiter.Admission.TOO_MANY_PER_MINUTE);
        // 3 a minute: the next token comes within 20 s.
        assertThat(fourth.retryAfterSeconds()).isBetween(1L, 20L);
        assertThat(limiter.inFlight("10.0.0.9")).isZero();
    }

    @Test
    void releaseWithoutAdmissionChangesNothing() {
        AddressLimiter limiter = new AddressLimiter(LoginLimits.DEFAULTS);
        limiter.release("192.0.2.1");
        assertThat(limiter.inFlight("192.0.2.1")).isZero();
    }

    @Test
    void limitsAreCheckedAndNamedWithTheirVariable() {
        assertThat(LoginLimits.fromEnv(Map.of())).isEqualTo(LoginLimits.DEFAULTS);
        assertThat(LoginLimits.fromEnv(Map.of("DASHBOARD_LOGIN_CHECK_THREADS", "8", "DASHBOARD_LOGIN_ATTEMPTS_PER_MINUTE", "5")))
                .isEqualTo(new LoginLimits(8, 32, 2, 5));
        assertThatThrownBy(() -> LoginLimits.fromEnv(Map.of("DASHBOARD_LOGIN_CHECK_QUEUE", "many")))
                .hasMessage("dashboard config access.loginLimits.checkQueue (env DASHBOARD_LOGIN_CHECK_QUEUE): "
                        + "expected a whole number, got 'many'");
        assertThatThrownBy(() -> new LoginLimits(2, 8, 2, 30))
                .hasMessageContaining("concurrentPerAddress (env DASHBOARD_LOGIN_CONCURRENT_PER_ADDRESS): expected fewer than checkThreads (2)");
        assertThatThrownBy(() -> new LoginLimits(1, 8, 1, 30)).hasMessageContaining("checkThreads").hasMessageContaining("2..64");
    }
}
