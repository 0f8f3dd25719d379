package vn.election.model.topic;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka topic with its key and value codecs and the configuration it is created with.
 *
 * @param config topic-level settings (for example {@code cleanup.policy=compact})
 */
public record Topic<K, V>(String name, Serializer<K> keySerializer, Deserializer<K> keyDeserializer,
                          Serializer<V> valueSerializer, Deserializer<V> valueDeserializer,
                          Map<String, String> config) {

    /** Turns a record value's bytes into a value, or says why it cannot ({@link IllegalArgumentException} or any checked one). */
    @FunctionalInterface
    public interface Decoder<V> {
        V decode(byte[] bytes) throws Exception;
    }

    /** Turns a value into the bytes of a record value. */
    @FunctionalInterface
    public interface Encoder<V> {
        byte[] encode(V value);
    }

    /**
     * A topic keyed by a string id whose values are one codec's JSON: a null value is a tombstone both
     * ways, and bytes the codec refuses surface as Kafka's {@link SerializationException} naming the topic
     * and the start of the record, so a consumer can skip it and say what it skipped.
     */
    public static <V> Topic<String, V> json(String name, Encoder<V> encoder, Decoder<V> decoder,
                                            Map<String, String> config) {
        Serializer<V> serializer = (topic, value) -> value == null ? null : encoder.encode(value);
        Deserializer<V> deserializer = (topic, bytes) -> decode(topic, bytes, decoder);
        return new Topic<>(name, new StringSerializer(), new StringDeserializer(), serializer, deserializer, config);
    }

    /** The same topic under {@code prefix + name}: lets tests and side-by-side deployments use fresh topics. */
    public Topic<K, V> withPrefix(String prefix) {
        return prefix == null || prefix.isEmpty() ? this
                : new Topic<>(prefix + name, keySerializer, keyDeserializer, valueSerializer, valueDeserializer, config);
    }

    private static <V> V decode(String topic, byte[] bytes, Decoder<V> decoder) {
        if (bytes == null) {
            return null;
        }
        try {
            return decoder.decode(bytes);
        } catch (Exception e) {
            throw new SerializationException("cannot read a record of " + topic + " ("
                    + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8) + "): " + e.getMessage(), e);
        }
    }
}
