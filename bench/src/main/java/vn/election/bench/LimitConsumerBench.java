package vn.election.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import vn.election.model.reading.InvalidReadingException;
import vn.election.model.reading.ReadingCodec;

/** The limit: one plain KafkaConsumer reads the readings topic from the start and decodes every reading. */
final class LimitConsumerBench {

    /** Readings decoded, the voters they add up to (a check that all were read), and the time taken. */
    record Outcome(long readings, long bad, double seconds) {
    }

    private LimitConsumerBench() {
    }

    static Outcome run(String bootstrap, String topic, long expected, Duration timeout, Progress progress) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long count = 0;
        long bad = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (count + bad < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("limit consumer: only " + count + " of " + expected + " readings in " + timeout);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        ReadingCodec.decode(r.value());
                        count++;
                    } catch (InvalidReadingException e) {
                        bad++;
                    }
                }
                progress.tick("limit: plain consumer", count, expected);
            }
        }
        return new Outcome(count, bad, (System.nanoTime() - start) / 1e9);
    }
}
