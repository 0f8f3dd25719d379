package vn.election.bench;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Writes N per-voter check-in readings (one reading per voter, voted = seq, over random polling areas
 * and a second "mobile" source on one area in seven, observed at the national day's rate from 07:00) to
 * the readings topic; every reading adds exactly one voter, so the expected national total is N.
 */
final class CheckinWorkload {

    /** What was written: readings, the expected national total, and how long writing took. */
    record Written(long readings, long expectedTotal, int stations, double seconds) {
    }

    private static final OffsetDateTime OPEN = OffsetDateTime.of(2021, 5, 23, 7, 0, 0, 0, ZoneOffset.ofHours(7));
    private static final Duration DAY = Duration.ofHours(12);

    private CheckinWorkload() {
    }

    static Written produce(Registry registry, String bootstrap, String topic, long n, long seed, Progress progress) {
        List<Unit> leaves = new ArrayList<>();
        for (Unit u : registry.units()) {
            if (registry.isLeaf(u.id())) {
                leaves.add(u);
            }
        }
        leaves.sort((a, b) -> a.id().compareTo(b.id()));
        int[] main = new int[leaves.size()];
        int[] mobile = new int[leaves.size()];
        SplittableRandom rng = new SplittableRandom(seed);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        long start = System.nanoTime();
        // Event time advances at the national day's own rate (its whole list over 12 hours), so the N
        // readings are the first N check-ins of a real day: each polling area gets one about as often as on
        // the day. Spreading a few hundred thousand readings over 12 hours instead left hours between two
        // readings of an area, so every area looked silent and every reading closed hours of curve buckets:
        // work a real day never asks for.
        long voters = Math.max(1, registry.registeredTotal(registry.root()));
        double nanosPerReading = (double) DAY.toNanos() / Math.max(voters, n);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < n; i++) {
                int s = rng.nextInt(leaves.size());
                Unit station = leaves.get(s);
                // An area whose list is full takes no more voters: pick another (only matters near 69 M).
                for (int tries = 0; main[s] + mobile[s] >= station.registered() && tries < 1000; tries++) {
                    s = rng.nextInt(leaves.size());
                    station = leaves.get(s);
                }
                boolean useMobile = s % 7 == 0 && rng.nextInt(5) == 0;
                long seq = useMobile ? ++mobile[s] : ++main[s];
                OffsetDateTime at = OPEN.plusNanos((long) (nanosPerReading * i));
                Reading r = Reading.of(station.id(), useMobile ? "mobile" : Reading.DEFAULT_SOURCE, seq, at, seq, null);
                producer.send(new ProducerRecord<>(topic, station.id(), ReadingCodec.encode(r)));
                progress.tick("producing readings", i + 1, n);
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Written(n, n, leaves.size(), seconds);
    }
}
