package vn.election.jobs.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;

/**
 * Writes a job output to one of the system's topics with that topic's own value codec (docs/topics.md),
 * keyed by a string the output names. The Kafka timestamp is left to the producer: a replayed election has
 * event times years old, and the topics' retention must not delete its records at once.
 *
 * <p>The topic is held by name and its codec found again on the task manager: codecs are not serializable,
 * and the job graph travels to the cluster.
 */
public final class KeyedTopicSerializer<T, V> implements KafkaRecordSerializationSchema<T> {

    private final String baseName;
    private final String prefix;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, V> value;
    private transient Serializer<V> codec;

    private KeyedTopicSerializer(Topic<String, V> topic, String prefix, SerializableFunction<T, String> key,
                                 SerializableFunction<T, V> value) {
        this.baseName = topic.name();
        this.prefix = prefix == null ? "" : prefix;
        this.key = key;
        this.value = value;
    }

    /** Outputs that are the topic's own value type. */
    public static <T> KeyedTopicSerializer<T, T> to(Topic<String, T> topic, String prefix,
                                                    SerializableFunction<T, String> key) {
        return new KeyedTopicSerializer<>(topic, prefix, key, t -> t);
    }

    /** Outputs that become the topic's value type first ({@code key} may answer null: no key). */
    public static <T, V> KeyedTopicSerializer<T, V> to(Topic<String, V> topic, String prefix,
                                                       SerializableFunction<T, String> key,
                                                       SerializableFunction<T, V> value) {
        return new KeyedTopicSerializer<>(topic, prefix, key, value);
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = codec();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = codec();
        }
        String topic = prefix + baseName;
        String k = key.apply(element);
        return new ProducerRecord<>(topic, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                codec.serialize(topic, value.apply(element)));
    }

    @SuppressWarnings("unchecked")
    private Serializer<V> codec() {
        for (Topic<?, ?> t : Topics.all()) {
            if (t.name().equals(baseName)) {
                return (Serializer<V>) t.valueSerializer();
            }
        }
        throw new IllegalStateException("no topic named " + baseName + " in Topics.all()");
    }
}
