package vn.election.field.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ApportionTest {

    @Test
    void sharesAddUpExactlyAndFollowTheWeights() {
        long[] shares = Apportion.largestRemainder(10, new long[] {1, 1, 1}, 0);
        assertThat(shares).containsExactly(4, 3, 3);
        assertThat(Apportion.largestRemainder(100, new long[] {50, 30, 20}, 0)).containsExactly(50, 30, 20);
        assertThat(Apportion.largestRemainder(7, new long[] {5, 3, 2}, 0)).containsExactly(4, 2, 1);
    }

    @Test
    void givesEveryPartItsMinimumFirst() {
        long[] shares = Apportion.largestRemainder(10, new long[] {1000, 1, 1}, 1);
        assertThat(shares).containsExactly(8, 1, 1);
        assertThatThrownBy(() -> Apportion.largestRemainder(2, new long[] {1, 1, 1}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Apportion.largestRemainder(2, new long[] {0, 0}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero");
    }

    @Test
    void randomWeightsAlwaysAddUp() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int round = 0; round < 200; round++) {
            double[] weights = new double[1 + rng.nextInt(300)];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = rng.nextDouble() * 10;
            }
            long total = weights.length + rng.nextLong(1_000_000);
            long[] shares = Apportion.largestRemainder(total, weights, 1);
            assertThat(Arrays.stream(shares).sum()).isEqualTo(total);
            assertThat(Arrays.stream(shares).min().orElseThrow()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void clampingKeepsTheSum() {
        long[] values = {100, 900, 1000, 3000, 500};
        Apportion.clampKeepingSum(values, 300, 2500);
        assertThat(Arrays.stream(values).sum()).isEqualTo(5500);
        assertThat(Arrays.stream(values).min().orElseThrow()).isGreaterThanOrEqualTo(300);
        assertThat(Arrays.stream(values).max().orElseThrow()).isLessThanOrEqualTo(2500);
        assertThatThrownBy(() -> Apportion.clampKeepingSum(new long[] {100, 100}, 300, 2500))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
