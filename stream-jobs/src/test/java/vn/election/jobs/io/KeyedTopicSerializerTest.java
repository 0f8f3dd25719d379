package vn.election.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertCodec;
import vn.election.model.reading.RejectedReading;
import vn.election.model.topic.Topics;

class KeyedTopicSerializerTest {

    private static final Alert ALERT = new Alert("a1", "surge", "SURGE", "VN-22-1", "polling_area", "warning",
            Alert.State.FIRING, new BigDecimal("12.5"), new BigDecimal("8"), "2021-05-23T09:15:00+07:00", null, "m");

    @Test
    void travelsToTheClusterAndWritesWithTheTopicsOwnCodec() throws Exception {
        KeyedTopicSerializer<Alert, Alert> sent = KeyedTopicSerializer.to(Topics.ALERTS, "t1.", Alert::alertId);
        // The job graph is Java-serialized to the task managers: the serializer must survive that.
        KeyedTopicSerializer<Alert, Alert> arrived = InstantiationUtil.clone(sent, getClass().getClassLoader());

        ProducerRecord<byte[], byte[]> r = arrived.serialize(ALERT, null, null);

        assertThat(r.topic()).isEqualTo("t1.turnout.alerts");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("a1");
        assertThat(r.value()).isEqualTo(AlertCodec.encode(ALERT));
        assertThat(Topics.ALERTS.valueDeserializer().deserialize(r.topic(), r.value())).isEqualTo(ALERT);
        assertThat(r.timestamp()).isNull();
    }

    @Test
    void anOutputWithoutAKeyIsWrittenWithoutOne() {
        RejectedReading rejected = new RejectedReading("{\"bad\":", "invalid_json: unexpected end", 1_621_735_200_000L);
        ProducerRecord<byte[], byte[]> r = KeyedTopicSerializer.<RejectedReading, byte[]>to(Topics.REJECTED, null,
                x -> null, RejectedReading::encode).serialize(rejected, null, null);

        assertThat(r.topic()).isEqualTo("turnout.rejected");
        assertThat(r.key()).isNull();
        assertThat(r.value()).isEqualTo(rejected.encode());
    }
}
