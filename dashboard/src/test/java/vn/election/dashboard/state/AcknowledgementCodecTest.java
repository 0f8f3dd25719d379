package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.AlertAck;
import vn.election.model.alert.AlertAckCodec;

class AcknowledgementCodecTest {

    private final Acknowledgement ack = new Acknowledgement("a-1", "0b9f6c1e-9a51-4d0e-8a43-1f0c2b3d4e5f", "qn-ops",
            "2021-05-23T02:05:00Z", "called the commune", true);

    @Test
    void roundTripsEveryFieldAndStaysReadableAsTheModelsAck() {
        byte[] json = AcknowledgementCodec.encode(ack);
        assertThat(AcknowledgementCodec.decode(json)).isEqualTo(ack);
        // A reader that knows only {"alert_id","by","at"} still reads it.
        assertThat(AlertAckCodec.decode(json)).isEqualTo(new AlertAck("a-1", "qn-ops", "2021-05-23T02:05:00Z"));
        assertThat(ack.topicKey()).isEqualTo("a-1#0b9f6c1e-9a51-4d0e-8a43-1f0c2b3d4e5f");
    }

    @Test
    void readsARecordFromBeforeHistoriesAsNotSignedInWithoutIdOrNote() {
        Acknowledgement old = AcknowledgementCodec.decode(
                "{\"alert_id\":\"a-1\",\"by\":\"Trực ban\",\"at\":\"2021-05-23T02:05:00Z\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(old).isEqualTo(new Acknowledgement("a-1", null, "Trực ban", "2021-05-23T02:05:00Z", null, false));
        assertThat(old.topicKey()).isEqualTo("a-1");
        assertThat(old.sameAs(Acknowledgement.legacy(new AlertAck("a-1", "Trực ban", "2021-05-23T02:05:00Z")))).isTrue();
    }

    @Test
    void refusesNullTruncatedAndHostileRecordsNamingTheProblem() {
        assertThatThrownBy(() -> AcknowledgementCodec.decode(null)).hasMessageContaining("empty");
        byte[] json = AcknowledgementCodec.encode(ack);
        byte[] truncated = java.util.Arrays.copyOf(json, json.length / 2);
        assertThatThrownBy(() -> AcknowledgementCodec.decode(truncated)).hasMessageContaining("malformed");
        assertThatThrownBy(() -> decode("{\"alert_id\":\"a\",\"at\":\"2021-05-23T02:05:00Z\",\"signed_in\":\"yes\"}"))
                .hasMessage("alert acknowledgement's signed_in must be true or false");
        assertThatThrownBy(() -> decode("{\"alert_id\":\"a\",\"at\":\"2021-05-23T02:05:00Z\",\"note\":\"" + "n".repeat(201) + "\"}"))
                .hasMessage("alert acknowledgement's note must be text of at most 200 characters");
        assertThatThrownBy(() -> decode("{\"alert_id\":\"a\",\"at\":\"2021-05-23T02:05:00Z\",\"ack_id\":{\"$gt\":1}}"))
                .hasMessage("alert acknowledgement's ack_id must be text of at most 64 characters");
        assertThatThrownBy(() -> decode("{\"alert_id\":\"a\",\"at\":\"yesterday\"}")).hasMessageContaining("ISO-8601");
    }

    private static Acknowledgement decode(String json) {
        return AcknowledgementCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
