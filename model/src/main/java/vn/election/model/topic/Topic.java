package vn.election.model.topic;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka topic with its key and value codecs and the configuration it is created with.
 *
 * @param config topic-level settings (for example {@code cleanup.policy=compact})
 */
public record Topic<K, V>(String name, Serializer<K> keySerializer, Deserializer<K> keyDeserializer,
                          Serializer<V> valueSerializer, Deserializer<V> valueDeserializer,
                          Map<String, String> config) {

    /** The same topic under {@code prefix + name}: lets tests and side-by-side deployments use fresh topics. */
    public Topic<K, V> withPrefix(String prefix) {
        return prefix == null || prefix.isEmpty() ? this
                : new Topic<>(prefix + name, keySerializer, keyDeserializer, valueSerializer, valueDeserializer, config);
    }
}
