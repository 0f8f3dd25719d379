package vn.election.jobs.functions.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import vn.election.jobs.functions.history.HistoryConfig;

/**
 * The bucket arithmetic both job paths share ({@link HistoryConfig#bucketOf}, {@link CurveTimers}): a bucket ends
 * inclusively, so the point at 09:00 includes readings made at 09:00:00.000 and not one made a millisecond later,
 * its timer fires once the watermark reaches its end, and the arithmetic holds before the epoch and at the ends
 * of the long range.
 */
class BucketEdgesTest {

    private static final HistoryConfig FIVE = HistoryConfig.defaults();
    private static final OffsetDateTime NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00");

    private static long nine(long plusMillis) {
        return NINE.toInstant().toEpochMilli() + plusMillis;
    }

    /** The end (label) of the point a reading observed at {@code millis} counts in. */
    private static long pointOf(long millis) {
        return FIVE.bucketEnd(FIVE.bucketOf(millis));
    }

    @Test
    void thePointAtNineHoldsReadingsAfter0855UpToAndIncluding0900() {
        long fiveMinutes = Duration.ofMinutes(5).toMillis();
        assertThat(pointOf(nine(-fiveMinutes))).as("08:55:00.000 is the 08:55 point's, not 09:00's")
                .isEqualTo(nine(-fiveMinutes));
        assertThat(pointOf(nine(-fiveMinutes + 1))).as("08:55:00.001").isEqualTo(nine(0));
        assertThat(pointOf(nine(-1))).as("08:59:59.999").isEqualTo(nine(0));
        assertThat(pointOf(nine(0))).as("09:00:00.000 is in the point at 09:00").isEqualTo(nine(0));
        assertThat(pointOf(nine(1))).as("09:00:00.001 goes to 09:05").isEqualTo(nine(fiveMinutes));
    }

    @Test
    void aBucketClosesWhenTheWatermarkReachesItsEndNotBefore() {
        long bucket = FIVE.bucketOf(nine(0));
        // Flink fires a timer once the watermark is at or past its time; a watermark W says nothing at or before W
        // is still to come, so the point at 09:00 may close at W = 09:00:00.000 and not a millisecond sooner.
        assertThat(FIVE.bucketEnd(bucket)).isEqualTo(nine(0));
        assertThat(CurveTimers.bucketEndingAt(nine(0), FIVE)).isEqualTo(bucket);
        assertThat(CurveTimers.bucketEndingAt(nine(-1), FIVE)).isEqualTo(bucket - 1);
        assertThat(CurveTimers.bucketEndingAt(nine(Duration.ofMinutes(5).toMillis() - 1), FIVE)).isEqualTo(bucket);
        // The point and the open point carry the end as their label.
        assertThat(CurveTimers.point("VN-22", bucket, 1, 2, 3, 4, 5, 25_200, FIVE).bucketEndMillis()).isEqualTo(nine(0));
        assertThat(OpenPoints.of("VN-22", 1, 2, 3, nine(0), 25_200, FIVE).bucketEndMillis()).isEqualTo(nine(0));
        assertThat(OpenPoints.of("VN-22", 1, 2, 3, nine(1), 25_200, FIVE).bucketEndMillis())
                .isEqualTo(nine(Duration.ofMinutes(5).toMillis()));
    }

    @Test
    void theFirstBucketOfTheDayEndsAtTheFirstReadingWhenItIsOnTheHour() {
        // Polls open at 07:00 and the first reports come at 07:00:00: their point is 07:00, not 07:05.
        long seven = nine(-Duration.ofHours(2).toMillis());
        assertThat(pointOf(seven)).isEqualTo(seven);
        assertThat(CurveTimers.bucketEndingAt(seven, FIVE)).isEqualTo(FIVE.bucketOf(seven));
    }

    @Test
    void floorsBeforeTheEpochAndAtTheEpoch() {
        long w = FIVE.bucketMillis();
        assertThat(FIVE.bucketOf(0)).isEqualTo(-1);            // (−5 min, 0]
        assertThat(FIVE.bucketEnd(-1)).isZero();
        assertThat(FIVE.bucketOf(1)).isZero();                 // (0, 5 min]
        assertThat(FIVE.bucketOf(-1)).isEqualTo(-1);
        assertThat(FIVE.bucketOf(-w)).isEqualTo(-2);           // exactly on an end before the epoch: that end's bucket
        assertThat(FIVE.bucketOf(-w + 1)).isEqualTo(-1);
        assertThat(FIVE.bucketOf(-w - 1)).isEqualTo(-2);
        assertThat(CurveTimers.bucketEndingAt(-1, FIVE)).isEqualTo(-2);
        assertThat(CurveTimers.bucketEndingAt(0, FIVE)).isEqualTo(-1);
    }

    @Test
    void neverOverflowsAtTheEndsOfTheRange() {
        // Long.MIN_VALUE - 1 would wrap to the largest long; the end-of-input watermark Long.MAX_VALUE + 1 to the least.
        assertThat(FIVE.bucketOf(Long.MIN_VALUE)).isEqualTo(reference(Long.MIN_VALUE, FIVE.bucketMillis()));
        assertThat(FIVE.bucketOf(Long.MAX_VALUE)).isEqualTo(reference(Long.MAX_VALUE, FIVE.bucketMillis()));
        assertThat(CurveTimers.bucketEndingAt(Long.MAX_VALUE, FIVE)).isPositive()
                .isGreaterThanOrEqualTo(FIVE.bucketOf(Long.MAX_VALUE) - 1);
    }

    @Test
    void agreesWithExactArithmeticForEveryWidthOnEndsAndAroundThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int minutes : new int[] {1, 3, 5, 15}) {
            HistoryConfig config = new HistoryConfig(Duration.ofMinutes(minutes), 12);
            long w = config.bucketMillis();
            for (int i = 0; i < 20_000; i++) {
                long end = (random.nextLong(-2_000_000, 2_000_000) + (i % 2 == 0 ? 0 : 5_000_000)) * w;
                for (long t : new long[] {end - 1, end, end + 1, random.nextLong(-4_000_000_000_000L, 4_000_000_000_000L)}) {
                    long k = config.bucketOf(t);
                    assertThat(k).as("bucket of %d at width %d min", t, minutes).isEqualTo(reference(t, w));
                    // The defining property: end - width < t <= end.
                    assertThat(config.bucketEnd(k)).isGreaterThanOrEqualTo(t);
                    assertThat(config.bucketEnd(k) - w).isLessThan(t);
                    // A watermark at the end closes it; one a millisecond before does not.
                    assertThat(CurveTimers.bucketEndingAt(config.bucketEnd(k), config)).isEqualTo(k);
                    assertThat(CurveTimers.bucketEndingAt(config.bucketEnd(k) - 1, config)).isEqualTo(k - 1);
                }
            }
        }
    }

    /** floor((t - 1) / w), in exact arithmetic. */
    private static long reference(long t, long w) {
        BigInteger[] qr = BigInteger.valueOf(t).subtract(BigInteger.ONE).divideAndRemainder(BigInteger.valueOf(w));
        BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return q.longValueExact();
    }
}
