package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenRateLimiterTest {

    /** A clock the test moves by hand. */
    private static final class FakeTime implements TimeMeter {
        long nanos;

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        void advanceSeconds(double seconds) {
            nanos += (long) (seconds * TimeUnit.SECONDS.toNanos(1));
        }
    }

    private final FakeTime time = new FakeTime();
    private final TokenRateLimiter limiter = new TokenRateLimiter(100, time);
    private final IngestTokens.Grant fivePerSecond = new IngestTokens.Grant("t_a", "VN-22", 5);

    @Test
    void letsABurstThroughThenAsksToWaitForTheRefill() {
        // Burst: 10 s worth (50), but never less than one full batch (100).
        assertThat(limiter.burst(5)).isEqualTo(100);
        assertThat(limiter.burst(50)).isEqualTo(500);
        assertThat(limiter.tryTake(fivePerSecond, 100)).isZero();

        assertThat(limiter.tryTake(fivePerSecond, 1)).as("seconds until one reading is back").isEqualTo(1);
        assertThat(limiter.tryTake(fivePerSecond, 12)).as("12 readings at 5/s: 2.4 s, rounded up").isEqualTo(3);

        time.advanceSeconds(2.4);
        assertThat(limiter.tryTake(fivePerSecond, 12)).isZero();
        assertThat(limiter.tryTake(fivePerSecond, 1)).isEqualTo(1);
    }

    @Test
    void givesBackWhatABatchRefusedByKafkaTook() {
        assertThat(limiter.tryTake(fivePerSecond, 100)).isZero();
        assertThat(limiter.tryTake(fivePerSecond, 10)).isPositive();

        limiter.giveBack(fivePerSecond, 100);

        assertThat(limiter.tryTake(fivePerSecond, 100)).isZero();
    }

    @Test
    void keepsASeparateBucketPerTokenAndNoneForAnUnlimitedOne() {
        IngestTokens.Grant other = new IngestTokens.Grant("t_b", "VN-01", 5);
        IngestTokens.Grant unlimited = new IngestTokens.Grant("h_root", "VN", 0);
        assertThat(limiter.tryTake(fivePerSecond, 100)).isZero();

        assertThat(limiter.tryTake(other, 100)).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryTake(unlimited, 1000)).isZero();
        }
    }
}
