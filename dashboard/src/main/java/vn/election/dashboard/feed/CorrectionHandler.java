package vn.election.dashboard.feed;

import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import vn.election.dashboard.DashboardMetrics;
import vn.election.dashboard.state.CorrectionStore;
import vn.election.model.correction.Correction;
import vn.election.model.correction.CorrectionCodec;

/**
 * Keeps each record of turnout.corrections with the time Kafka gives it (when the job wrote it: the value itself
 * holds nothing from the job's clock, so a replay writes the same values); decoding and counting as
 * {@link DecodingHandler}.
 */
final class CorrectionHandler implements KafkaFeed.FeedHandler {

    private final CorrectionStore store;
    private final DecodingHandler<Correction> decoding;
    /** The timestamp of the record being handled: the feed calls its handlers on one thread only. */
    private Instant recordedAt;

    CorrectionHandler(CorrectionStore store, DashboardMetrics metrics) {
        this.store = store;
        this.decoding = new DecodingHandler<>("corrections", CorrectionHandler::decode,
                c -> store.offer(c, recordedAt), metrics);
    }

    @Override
    public void apply(ConsumerRecord<String, byte[]> r) {
        recordedAt = r.timestamp() < 0 ? null : Instant.ofEpochMilli(r.timestamp());
        decoding.apply(r);
    }

    private static Correction decode(byte[] bytes) {
        try {
            return CorrectionCodec.decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a correction: " + e.getMessage(), e);
        }
    }
}
