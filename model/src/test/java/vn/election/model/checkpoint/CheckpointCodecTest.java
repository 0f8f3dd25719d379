package vn.election.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.model.topic.Topics;

class CheckpointCodecTest {

    private static CheckpointRecord quangNinhAt11() {
        return new CheckpointRecord("VN-22", LocalDateTime.parse("2021-05-23T11:00"), OffsetDateTime.parse("2021-05-23T11:00+07:00"),
                Instant.parse("2021-05-23T04:10:02Z"), OffsetDateTime.parse("2021-05-23T11:10+07:00"), 1_000, 600, 20, 24,
                List.of(new CheckpointRecord.LevelCount("polling_area", 3, 24), new CheckpointRecord.LevelCount("commune", 0, 6)),
                "history", OffsetDateTime.parse("2021-05-23T11:00+07:00"));
    }

    @Test
    void roundTripsWithTheKeyOfUnitAndMinute() {
        CheckpointRecord c = quangNinhAt11();
        assertThat(CheckpointCodec.decode(CheckpointCodec.encode(c))).isEqualTo(c);
        assertThat(c.key()).isEqualTo("VN-22@2021-05-23T11:00");
        assertThat(CheckpointCodec.toNode(c).get("turnout_pct").decimalValue()).isEqualByComparingTo("60.00");
    }

    @Test
    void theTopicKeepsEveryRecordAMonthAndIsNotCompacted() {
        // Not compacted: the FIRST record of a key is the frozen one, compaction would keep the last.
        assertThat(Topics.all()).contains(Topics.CHECKPOINTS);
        assertThat(Topics.CHECKPOINTS.name()).isEqualTo("turnout.checkpoints");
        assertThat(Topics.CHECKPOINTS.config()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", String.valueOf(30L * 24 * 3600 * 1000));
    }

    @Test
    void badRecordsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> CheckpointCodec.decode("{\"unit_id\":\"VN\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoint");
        assertThatThrownBy(() -> CheckpointCodec.decode(new byte[0])).hasMessageContaining("empty");
        String text = CheckpointCodec.toNode(quangNinhAt11()).put("voted", -1).toString();
        assertThatThrownBy(() -> CheckpointCodec.decode(text.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("voted");
        String badTime = CheckpointCodec.toNode(quangNinhAt11()).put("checkpoint", "11h").toString();
        assertThatThrownBy(() -> CheckpointCodec.decode(badTime.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("time");
    }
}
