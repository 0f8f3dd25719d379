package vn.election.jobs.functions.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.HistoryPoint;

/**
 * The curve arithmetic on two units (0 the parent of 1): a point per closed bucket counts every change
 * observed before the bucket's end whatever order the changes came in, late changes amend the last hour's
 * points, quiet buckets are filled up to the gap fill, and the book survives its own serialization.
 */
class CurveBookTest {

    /** A point as the sink saw it: unit, bucket, voted, registered, reporting, per 15 min, per hour. */
    private record Point(int unit, long bucket, long voted, long registered, long reporting, long per15, long perHour) {
    }

    private record Up(long bucket, long voted, long registered, long reporting) {
    }

    private final List<Point> points = new ArrayList<>();
    private final List<Up> ups = new ArrayList<>();
    private CurveBook book = CurveBook.fresh(new long[] {1000, 400}, 12, 3, 12);

    private void close(long through) {
        book.close(through, (u, k, v, r, rep, q, h, off) -> points.add(new Point(u, k, v, r, rep, q, h)),
                (k, v, r, rep, off) -> ups.add(new Up(k, v, r, rep)));
    }

    /** One change of unit 1, which is counted in unit 0 too. */
    private boolean add(long bucket, long voted, long reporting) {
        boolean open = book.add(1, bucket, voted, 0, reporting, 25_200);
        return book.add(0, bucket, voted, 0, reporting, 25_200) && open;
    }

    private Point last(int unit, long bucket) {
        return points.stream().filter(p -> p.unit == unit && p.bucket == bucket).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void countsEveryChangeObservedBeforeABucketsEndWhateverTheOrderItCameIn() {
        // Bucket 11's change arrives before bucket 10's: both are pending until the watermark passes them.
        assertThat(add(11, 30, 0)).isTrue();
        assertThat(add(10, 20, 1)).isTrue();
        assertThat(add(12, 5, 0)).isTrue();
        close(11);
        assertThat(last(1, 10)).isEqualTo(new Point(1, 10, 20, 400, 1, HistoryPoint.UNKNOWN, HistoryPoint.UNKNOWN));
        assertThat(last(1, 11).voted()).isEqualTo(50);
        assertThat(last(0, 11).voted()).isEqualTo(50);
        assertThat(points).noneMatch(p -> p.bucket == 12);
        assertThat(ups).containsExactly(new Up(10, 20, 0, 1), new Up(11, 30, 0, 0));
        assertThat(book.firstPending()).isEqualTo(12);
        close(12);
        assertThat(last(0, 12).voted()).isEqualTo(55);
    }

    @Test
    void ratesLookBackAQuarterAndAnHourOfClosedBuckets() {
        for (long k = 100; k < 114; k++) {
            add(k, 10, k == 100 ? 1 : 0);
        }
        close(113);
        assertThat(last(1, 102).per15()).isEqualTo(HistoryPoint.UNKNOWN);
        assertThat(last(1, 103).per15()).isEqualTo(30);
        assertThat(last(1, 111).perHour()).isEqualTo(HistoryPoint.UNKNOWN);
        assertThat(last(1, 112).perHour()).isEqualTo(120);
        assertThat(last(1, 113)).isEqualTo(new Point(1, 113, 140, 400, 1, 30, 120));
    }

    @Test
    void aLateChangeAmendsTheClosedPointsFromItsBucketOnAndGoesUpWithThem() {
        add(10, 20, 1);
        add(11, 20, 0);
        add(12, 20, 0);
        close(12);
        points.clear();
        // Observed in bucket 10, arriving after bucket 12 closed.
        assertThat(add(10, 7, 0)).isFalse();
        assertThat(book.hasAmendments()).isTrue();
        book.flushAmendments((u, k, v, r, rep, q, h, off) -> points.add(new Point(u, k, v, r, rep, q, h)),
                (k, v, r, rep, off) -> ups.add(new Up(k, v, r, rep)));
        assertThat(points).extracting(Point::bucket).containsOnly(10L, 11L, 12L);
        assertThat(ups).endsWith(new Up(10, 7, 0, 0));
        assertThat(last(1, 10).voted()).isEqualTo(27);
        assertThat(last(1, 12).voted()).isEqualTo(67);
        assertThat(last(0, 12).voted()).isEqualTo(67);
        // The running figures moved too: the next bucket starts from them.
        add(13, 3, 0);
        close(13);
        assertThat(last(0, 13).voted()).isEqualTo(70);
    }

    @Test
    void aChangeOlderThanTheAmendWindowCountsFromTheWindowsFirstBucket() {
        add(10, 20, 1);
        add(40, 20, 0);
        close(40);
        points.clear();
        add(5, 9, 0);   // 35 buckets late; the window is 12
        book.flushAmendments((u, k, v, r, rep, q, h, off) -> points.add(new Point(u, k, v, r, rep, q, h)),
                (k, v, r, rep, off) -> ups.add(new Up(k, v, r, rep)));
        assertThat(points.stream().filter(p -> p.unit == 0)).extracting(Point::bucket).containsExactly(29L, 30L, 31L,
                32L, 33L, 34L, 35L, 36L, 37L, 38L, 39L, 40L);
        assertThat(last(0, 29).voted()).isEqualTo(29);
        assertThat(last(0, 40).voted()).isEqualTo(49);
        assertThat(ups).endsWith(new Up(29, 9, 0, 0));
    }

    @Test
    void anAmendmentGoesOutBeforeItsBucketLeavesTheWindowEvenUnasked() {
        add(10, 20, 1);
        close(10);
        add(10, 5, 0);                  // late
        for (long k = 11; k <= 40; k++) {
            add(k, 1, 0);
        }
        close(40);                      // 30 buckets on: bucket 10 left the 12-bucket window on the way
        assertThat(book.hasAmendments()).isFalse();
        assertThat(ups).contains(new Up(10, 5, 0, 0));
        assertThat(points.stream().filter(p -> p.unit == 1 && p.bucket == 10)).extracting(Point::voted)
                .containsExactly(20L, 25L);
        assertThat(last(1, 40).voted()).isEqualTo(55);
    }

    @Test
    void fillsQuietBucketsUpToTheGapFillThenSkipsTheStretch() {
        add(10, 20, 1);
        assertThat(book.firstPending()).isEqualTo(10);
        close(10);
        assertThat(book.nextQuietBucket()).isEqualTo(11);
        close(20);
        assertThat(points.stream().filter(p -> p.unit == 0)).extracting(Point::bucket).containsExactly(10L, 11L, 12L, 13L);
        assertThat(book.nextQuietBucket()).isEqualTo(CurveBook.NEVER);
        add(500, 5, 0);
        close(500);
        assertThat(last(0, 500).voted()).isEqualTo(25);
        // Quiet for more than an hour: the hourly rate looks back at the figures kept through the stretch.
        assertThat(last(0, 500).perHour()).isEqualTo(5);
    }

    @Test
    void survivesItsOwnSerializationWithPendingBuckets() throws Exception {
        add(10, 20, 1);
        close(10);
        add(11, 4, 0);
        add(13, 6, 0);
        DataOutputSerializer out = new DataOutputSerializer(256);
        book.write(out);
        book = CurveBook.read(new DataInputDeserializer(out.getCopyOfBuffer()));
        CurveBook copy = book.copy();
        close(13);
        assertThat(last(1, 13).voted()).isEqualTo(30);
        points.clear();
        book = copy;
        close(13);
        assertThat(last(1, 13).voted()).isEqualTo(30);
    }

    @Test
    void refusesABookOfFormat1WhoseBucketsEndedBeforeTheirLabel() throws Exception {
        add(10, 20, 1);
        DataOutputSerializer out = new DataOutputSerializer(256);
        book.write(out);
        byte[] bytes = out.getCopyOfBuffer();
        bytes[3] = 1;   // the format, an int first: format 1 numbered buckets [start, end), not (start, end]
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CurveBook.read(new DataInputDeserializer(bytes)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("format 1").hasMessageContaining("reads format 2")
                .hasMessageContaining("without this savepoint");
    }
}
