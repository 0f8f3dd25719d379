package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightBudgetTest {

    @Test
    void takesWhatFitsAndRefusesTheRestUntilReleased() {
        InFlightBudget budget = new InFlightBudget(1000, 4096);

        assertThat(budget.tryAcquireReadings(600)).isTrue();
        assertThat(budget.tryAcquireReadings(500)).as("600 + 500 > 1000").isFalse();
        assertThat(budget.readingsInFlight()).as("a refusal takes nothing").isEqualTo(600);
        assertThat(budget.tryAcquireReadings(400)).isTrue();
        assertThat(budget.tryAcquireReadings(1)).isFalse();

        budget.releaseReadings(600);

        assertThat(budget.tryAcquireReadings(500)).isTrue();
        assertThat(budget.readingsInFlight()).isEqualTo(900);
        assertThat(budget.tryAcquireBytes(4096)).isTrue();
        assertThat(budget.tryAcquireBytes(1)).isFalse();
        budget.releaseBytes(4096);
        assertThat(budget.bytesInFlight()).isZero();
    }

    @Test
    void neverGoesOverItsLimitUnderContention() throws Exception {
        InFlightBudget budget = new InFlightBudget(10_000, 1);
        AtomicInteger over = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 100_000; i++) {
                    if (budget.tryAcquireReadings(7)) {
                        if (budget.readingsInFlight() > 10_000) {
                            over.incrementAndGet();
                        }
                        budget.releaseReadings(7);
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();

        assertThat(over).hasValue(0);
        assertThat(budget.readingsInFlight()).isZero();
    }
}
