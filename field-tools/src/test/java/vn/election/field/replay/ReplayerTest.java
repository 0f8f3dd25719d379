package vn.election.field.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.field.feed.ReadingSink;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.testing.Readings;

class ReplayerTest {

    /** Keeps what it is given; fails on the {@code failAt}-th reading when set. */
    private static final class CollectingSink implements ReadingSink {
        final List<Reading> received = new ArrayList<>();
        int flushes;
        int failAt = -1;

        @Override
        public void send(Reading reading) {
            if (received.size() == failAt) {
                throw new IllegalStateException("Kafka refused an earlier reading: broker gone");
            }
            received.add(reading);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path dir;

    @Test
    void sendsEveryGoodReadingAndSumsUpTheBadLines() throws Exception {
        Path file = file(10, "garbage", "");
        CollectingSink sink = new CollectingSink();
        StringWriter progress = new StringWriter();

        ReplaySummary summary = replay(file, sink, new PrintWriter(progress), Duration.ZERO);

        assertThat(sink.received).hasSize(10);
        assertThat(sink.flushes).isEqualTo(1);
        assertThat(summary.lines()).isEqualTo(12);
        assertThat(summary.sent()).isEqualTo(10);
        assertThat(summary.accepted()).isEqualTo(10);
        assertThat(summary.failed()).isZero();
        assertThat(summary.badLines()).isEqualTo(1);
        assertThat(summary.badLineReasons()).singleElement().satisfies(bad -> {
            assertThat(bad.line()).isEqualTo(11);
            assertThat(bad.reason()).startsWith("malformed JSON: ");
        });
        assertThat(summary.complete()).isFalse();
        assertThat(summary.problems()).containsExactly("1 bad line skipped");
        assertThat(String.join("\n", summary.describe()))
                .contains("written to Kafka", "line 11: malformed JSON", "Incomplete: 1 bad line skipped.");
        // An interval of zero writes a line after every reading sent.
        assertThat(progress.toString().lines()).hasSize(10).last().asString()
                .startsWith("Replay: 10 lines read, 10 readings sent, ").contains("% of the file", "left");
    }

    @Test
    void aCompleteReplaySaysSo() throws Exception {
        ReplaySummary summary = replay(file(3), new CollectingSink(), null, Duration.ofSeconds(5));

        assertThat(summary.complete()).isTrue();
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.describe()).last().isEqualTo("Complete: every reading of the file was written.");
    }

    @Test
    void stopsWhenTheSinkFailsAndCountsNothingAsDelivered() throws Exception {
        CollectingSink sink = new CollectingSink();
        sink.failAt = 4;

        ReplaySummary summary = replay(file(10), sink, null, Duration.ofSeconds(5));

        assertThat(summary.stopCause()).hasMessageContaining("broker gone");
        assertThat(summary.lines()).isEqualTo(5);
        assertThat(summary.sent()).isEqualTo(4);
        assertThat(summary.accepted()).isZero();
        assertThat(summary.failed()).isEqualTo(4);
        assertThat(summary.problems()).containsExactly("stopped after line 5", "4 readings failed");
        assertThat(summary.describe()).contains("Stopped early: Kafka refused an earlier reading: broker gone");
    }

    private ReplaySummary replay(Path file, ReadingSink sink, PrintWriter progress, Duration interval) throws Exception {
        try (ReadingFileReader reader = ReadingFileReader.open(file, null)) {
            return new Replayer(sink, "Kafka test", progress, interval).replay(reader);
        }
    }

    private Path file(int readings, String... extraLines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= readings; i++) {
            text.append(ReadingCodec.toJson(Readings.reading("VN-22-001-00001-001", i, i * 10L, i))).append('\n');
        }
        for (String line : extraLines) {
            text.append(line).append('\n');
        }
        return Files.writeString(dir.resolve("day.jsonl"), text);
    }
}
