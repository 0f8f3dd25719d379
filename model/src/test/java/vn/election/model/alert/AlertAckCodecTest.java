package vn.election.model.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vn.election.model.topic.Topics;

class AlertAckCodecTest {

    @Test
    void writesAndReadsBackAnAcknowledgement() {
        AlertAck ack = new AlertAck("0123456789abcdef0123456789abcdef", "Trực ban Hà Nội", "2021-05-23T02:15:00Z");

        byte[] json = AlertAckCodec.encode(ack);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"by\":\"Trực ban Hà Nội\"");
        assertThat(AlertAckCodec.decode(json)).isEqualTo(ack);
        assertThat(Topics.ALERT_ACKS.valueDeserializer().deserialize("t", json)).isEqualTo(ack);
    }

    @Test
    void aBlankOperatorNameIsKeptAsNoName() {
        AlertAck ack = AlertAckCodec.decode("{\"alert_id\":\"a\",\"by\":\"  \",\"at\":\"2021-05-23T02:15:00Z\"}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(ack.by()).isNull();
    }

    @Test
    void refusesNullTruncatedAndHostileInput() {
        assertThatThrownBy(() -> AlertAckCodec.decode(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> AlertAckCodec.decode(bytes("{\"alert_id\":"))).hasMessageContaining("malformed");
        assertThatThrownBy(() -> AlertAckCodec.decode(bytes("[1]"))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> AlertAckCodec.decode(bytes("{\"at\":\"2021-05-23T02:15:00Z\"}")))
                .hasMessageContaining("alert_id");
        assertThatThrownBy(() -> AlertAckCodec.decode(bytes("{\"alert_id\":\"a\",\"at\":\"yesterday\"}")))
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> AlertAckCodec.decode(bytes("{\"alert_id\":\"a\",\"at\":\"2021-05-23T02:15:00Z\",\"by\":\""
                + "x".repeat(81) + "\"}"))).hasMessageContaining("at most 80");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
