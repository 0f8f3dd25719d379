package vn.election.dashboard.feed;

import java.time.Duration;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.DashboardMetrics;
import vn.election.dashboard.RateLimitedLog;

/**
 * Decodes the records of one followed topic and hands each value to its store, counting by outcome
 * ({@code dashboard_feed_records_total{topic, outcome}}); a tombstone or an undecodable record is
 * counted, logged at most every 10 s, and skipped, never fatal.
 */
final class DecodingHandler<V> implements KafkaFeed.FeedHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DecodingHandler.class);

    private final String label;
    private final Function<byte[], V> decoder;
    private final Function<V, String> store;
    private final DashboardMetrics metrics;
    private final RateLimitedLog badRecordLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    /**
     * @param label the topic's short name in metrics ({@code units}, {@code alerts} ...)
     * @param decoder throws {@link IllegalArgumentException} naming the problem on a bad record
     * @param store keeps the value and says what it did with it ({@code applied}, {@code stale} ...)
     */
    DecodingHandler(String label, Function<byte[], V> decoder, Function<V, String> store, DashboardMetrics metrics) {
        this.label = label;
        this.decoder = decoder;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            metrics.feedRecord(label, "tombstone");
            return;
        }
        V value;
        try {
            value = decoder.apply(r.value());
        } catch (RuntimeException e) {
            metrics.feedRecord(label, "invalid");
            badRecordLog.warn("Skipping undecodable record at " + where(r), e);
            return;
        }
        String outcome = store.apply(value);
        metrics.feedRecord(label, outcome);
        if (outcome.startsWith("unknown")) {
            badRecordLog.warn("Skipping record at " + where(r) + ": " + outcome.replace('_', ' ')
                    + " (not in this instance's registry)", null);
        }
    }

    private static String where(ConsumerRecord<String, byte[]> r) {
        return r.topic() + "-" + r.partition() + "@" + r.offset() + " (key " + r.key() + ")";
    }
}
