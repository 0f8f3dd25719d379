package vn.election.field.replay;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.field.feed.CountingReadingSink;
import vn.election.field.feed.CountingReadingSink.DeliveryCounts;
import vn.election.field.feed.ReadingSink;
import vn.election.model.reading.Reading;

/**
 * Plays a file of readings into a {@link ReadingSink} (the ingest API, or Kafka directly): reads
 * with a {@link ReadingFileReader}, sends, writes a progress line every few seconds (lines read,
 * readings sent, rate, share of the file read, time left) and returns a {@link ReplaySummary}.
 * A sink that stops (a refused token, ingest unavailable too long) ends the replay early; the
 * summary says so and counts what was not delivered.
 */
public final class Replayer {

    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);

    private final ReadingSink sink;
    private final String target;
    private final PrintWriter progress;
    private final long intervalNanos;

    /**
     * @param target where the sink sends to, for the progress lines and the summary
     * @param progress where progress lines go; null logs them instead
     * @param interval how often a progress line is written
     */
    public Replayer(ReadingSink sink, String target, PrintWriter progress, Duration interval) {
        this.sink = sink;
        this.target = target;
        this.progress = progress;
        this.intervalNanos = interval.toNanos();
    }

    /** Reads {@code reader} to its end (or until the sink stops), flushes the sink, and sums up. */
    public ReplaySummary replay(ReadingFileReader reader) {
        long start = System.nanoTime();
        long lastProgress = start;
        long sentAtLastProgress = 0;
        long sent = 0;
        Exception stopCause = null;
        boolean sinkFailed = false;
        try {
            Reading r;
            while ((r = reader.next()) != null) {
                sink.send(r);
                sent++;
                long now = System.nanoTime();
                if (now - lastProgress >= intervalNanos) {
                    progress(reader, sent, sent - sentAtLastProgress, now - lastProgress, now - start);
                    lastProgress = now;
                    sentAtLastProgress = sent;
                }
            }
        } catch (ReplayFileException e) {
            stopCause = e;
        } catch (RuntimeException e) {
            stopCause = e;
            sinkFailed = true;
        }
        try {
            sink.flush();
        } catch (RuntimeException e) {
            sinkFailed = true;
            if (stopCause == null) {
                stopCause = e;
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long accepted;
        long refused = 0;
        long failed;
        long retries = 0;
        List<String> reasons = List.of();
        if (sink instanceof CountingReadingSink counting) {
            DeliveryCounts c = counting.counts();
            accepted = c.accepted();
            refused = c.refused();
            failed = c.failed();
            retries = c.retries();
            reasons = c.refusedReasons();
        } else {
            // A sink that cannot say which readings failed: once it failed, none is known to have arrived.
            accepted = sinkFailed ? 0 : sent;
            failed = sent - accepted;
        }
        ReplaySummary summary = new ReplaySummary(reader.file().toString(), reader.format().description(), target,
                sink instanceof CountingReadingSink, reader.linesRead(), sent, accepted, refused, reasons,
                reader.badLineCount(), reader.badLines(), failed, retries, elapsed, stopCause);
        if (progress == null) {
            LOG.info("Replay of {} done: {} lines, {} sent, {} accepted, {} refused, {} bad lines, {} failed in {}",
                    summary.file(), summary.lines(), sent, accepted, refused, summary.badLines(), failed,
                    ReplaySummary.seconds(elapsed));
        }
        return summary;
    }

    private void progress(ReadingFileReader reader, long sent, long sentSinceLast, long sinceLastNanos, long elapsedNanos) {
        StringBuilder line = new StringBuilder("Replay: ");
        line.append(ReplaySummary.count(reader.linesRead())).append(" lines read, ")
                .append(ReplaySummary.count(sent)).append(" readings sent");
        if (sink instanceof CountingReadingSink counting) {
            DeliveryCounts c = counting.counts();
            line.append(" (").append(ReplaySummary.count(c.accepted())).append(" accepted");
            if (c.refused() > 0) {
                line.append(", ").append(ReplaySummary.count(c.refused())).append(" refused");
            }
            if (c.retries() > 0) {
                line.append(", ").append(ReplaySummary.count(c.retries())).append(" retries");
            }
            line.append(')');
        }
        if (reader.badLineCount() > 0) {
            line.append(", ").append(ReplaySummary.count(reader.badLineCount()))
                    .append(reader.badLineCount() == 1 ? " bad line" : " bad lines");
        }
        line.append(", ").append(ReplaySummary.count(Math.round(sentSinceLast * 1e9 / Math.max(1, sinceLastNanos))))
                .append("/s");
        long size = reader.size();
        long bytes = Math.min(reader.bytesRead(), size);
        if (size > 0) {
            line.append(String.format(Locale.ROOT, ", %.1f%% of the file", 100.0 * bytes / size));
            if (bytes > 0) {
                long leftNanos = (long) (elapsedNanos * ((double) (size - bytes) / bytes));
                line.append(", about ").append(ReplaySummary.seconds(Duration.ofNanos(leftNanos))).append(" left");
            }
        }
        if (progress != null) {
            progress.println(line);
            progress.flush();
        } else {
            LOG.info("{}", line);
        }
    }
}
