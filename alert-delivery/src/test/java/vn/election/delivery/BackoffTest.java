package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), new SplittableRandom(7));

    @Test
    void theBoundDoublesFromTheInitialDelayUpToTheMaximum() {
        assertThat(backoff.capMillis(1)).isEqualTo(1_000);
        assertThat(backoff.capMillis(2)).isEqualTo(2_000);
        assertThat(backoff.capMillis(9)).isEqualTo(256_000);
        assertThat(backoff.capMillis(10)).isEqualTo(300_000);
        assertThat(backoff.capMillis(10_000)).isEqualTo(300_000);
    }

    @Test
    void delaysAreFullyJitteredWithinTheBound() {
        for (int attempt = 1; attempt <= 30; attempt++) {
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 2_000; i++) {
                long d = backoff.delay(attempt).toMillis();
                assertThat(d).isBetween(0L, backoff.capMillis(attempt));
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            // Spread over the whole range, not bunched at the bound.
            assertThat(min).isLessThan(backoff.capMillis(attempt) / 10 + 1);
            assertThat(max).isGreaterThan(backoff.capMillis(attempt) * 9 / 10);
        }
    }
}
