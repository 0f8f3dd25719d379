package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertAck;
import vn.election.testing.TestRegistries;

class AlertBoardTest {

    private final AlertBoard board = new AlertBoard(TestRegistries.tiny2026());

    static Alert alert(String unit, String kind, Alert.State state, String startedAt, String endedAt) {
        return new Alert(Alert.episodeId(kind, unit, startedAt), kind, kind, unit, "polling_area", "warning", state,
                BigDecimal.ONE, BigDecimal.TEN, startedAt, endedAt, "<script>alert(1)</script> silent");
    }

    @Test
    void listsNewestNotificationFirstWithNamesAndPath() {
        Alert older = alert("X-1-a-1", "SILENT_STATION", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);
        Alert newer = alert("X-2-c-2", "SURGE", Alert.State.FIRING, "2021-05-23T10:00:00+07:00", null);
        board.offer(newer);
        board.offer(older);

        List<ObjectNode> all = board.list(a -> true, 10);

        assertThat(all).extracting(o -> o.get("alert_id").asText()).containsExactly(newer.alertId(), older.alertId());
        assertThat(all.get(0).get("unit_name").asText()).isEqualTo("Khu vực 2");
        assertThat(all.get(0).get("path").asText()).isEqualTo("Quốc gia thử › Tỉnh Hai › Phường C › Khu vực 2");
        assertThat(all.get(0).get("ack").isNull()).isTrue();
        assertThat(all.get(0).get("message").asText()).startsWith("<script>");
    }

    @Test
    void aRecoveringEpisodeIsStillActiveAndFiresAgainUnderItsId() {
        Alert firing = alert("X-1-a-1", "SILENT_STATION", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);
        Alert recovering = new Alert(firing.alertId(), firing.ruleId(), firing.kind(), firing.unitId(), firing.level(),
                firing.severity(), Alert.State.RECOVERING, BigDecimal.ZERO, firing.threshold(), firing.startedAt(), null,
                "reported again", "đã báo cáo lại");

        assertThat(board.offer(firing)).isEqualTo("applied");
        assertThat(board.offer(recovering)).isEqualTo("applied");
        assertThat(board.count(AlertBoard::active)).isEqualTo(1);
        assertThat(board.list(AlertBoard::active, 10)).singleElement()
                .satisfies(o -> assertThat(o.get("state").asText()).isEqualTo("recovering"));
        assertThat(board.offer(firing)).as("back to firing: not a stale record").isEqualTo("applied");
        assertThat(board.find(firing.alertId())).contains(firing);
        assertThat(board.count(AlertBoard::active)).isEqualTo(1);
    }

    @Test
    void aResolvedEpisodeIsNotReopenedByARepeatedFiringRecord() {
        Alert firing = alert("X-1-a-1", "SILENT_STATION", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);
        Alert resolved = firing.resolved("2021-05-23T11:00:00+07:00", BigDecimal.ZERO, "reporting again");

        assertThat(board.offer(firing)).isEqualTo("applied");
        assertThat(board.offer(resolved)).isEqualTo("applied");
        assertThat(board.offer(firing)).isEqualTo("stale");
        assertThat(board.offer(resolved)).isEqualTo("stale");

        assertThat(board.find(firing.alertId())).contains(resolved);
        assertThat(board.count(AlertBoard::active)).isZero();
        // Resolution is the latest notification: ordered by its end.
        Alert laterFiring = alert("X-2-d-1", "SURGE", Alert.State.FIRING, "2021-05-23T10:30:00+07:00", null);
        board.offer(laterFiring);
        assertThat(board.list(a -> true, 10)).extracting(o -> o.get("alert_id").asText())
                .containsExactly(firing.alertId(), laterFiring.alertId());
    }

    @Test
    void anAcknowledgementReadBeforeItsAlertIsJoinedWhenTheAlertArrives() {
        Alert a = alert("X-1-a-1", "SILENT_STATION", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);
        board.acknowledge(new AlertAck(a.alertId(), "Trực ban", "2021-05-23T02:05:00Z"));
        assertThat(board.drainChanged()).isEmpty();

        board.offer(a);

        ObjectNode shown = board.list(x -> true, 1).get(0);
        assertThat(shown.get("ack").get("by").asText()).isEqualTo("Trực ban");
        assertThat(shown.get("ack").get("at").asText()).isEqualTo("2021-05-23T02:05:00Z");
        assertThat(board.drainChanged()).containsExactly(a.alertId());
    }

    @Test
    void anAcknowledgementMarksTheEpisodeChangedForThePushLoop() {
        Alert a = alert("X-1-a-1", "SILENT_STATION", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);
        board.offer(a);
        board.drainChanged();

        assertThat(board.acknowledge(new AlertAck(a.alertId(), null, "2021-05-23T02:05:00Z"))).isEqualTo("applied");
        assertThat(board.acknowledge(new AlertAck(a.alertId(), null, "2021-05-23T02:05:00Z"))).isEqualTo("stale");

        assertThat(board.drainChanged()).containsExactly(a.alertId());
        assertThat(board.json(java.util.Set.of(a.alertId())).get(0).get("ack").get("by").isNull()).isTrue();
    }

    @Test
    void keepsEveryAcknowledgementOfAnEpisodeInTimeOrderWithTheLatestAsAck() {
        Alert a = alert("X-1-a-1", "SILENT_STATION", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);
        board.offer(a);
        Acknowledgement second = new Acknowledgement(a.alertId(), "id-2", "qn-ops", "2021-05-23T02:07:00Z", "on it", true);
        Acknowledgement first = new Acknowledgement(a.alertId(), "id-1", "nation", "2021-05-23T02:05:00Z", null, true);
        assertThat(board.acknowledge(second)).isEqualTo("applied");
        // Read later (another instance's record) but made earlier: goes before.
        assertThat(board.acknowledge(first)).isEqualTo("applied");
        // Shown at once, then read back from Kafka: the same one, not a third.
        assertThat(board.acknowledge(second)).isEqualTo("stale");

        ObjectNode shown = board.list(x -> true, 1).get(0);
        assertThat(shown.get("acks")).extracting(n -> n.get("by").asText()).containsExactly("nation", "qn-ops");
        assertThat(shown.at("/ack/by").asText()).isEqualTo("qn-ops");
        assertThat(shown.at("/ack/note").asText()).isEqualTo("on it");
        assertThat(shown.at("/ack/signed_in").asBoolean()).isTrue();
        assertThat(shown.at("/acks/0/note").isNull()).isTrue();
    }

    @Test
    void keepsAtMostAHundredAcknowledgementsPerEpisodeDroppingTheOldest() {
        Alert a = alert("X-1-a-1", "SILENT_STATION", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);
        board.offer(a);
        for (int i = 0; i < AlertBoard.MAX_ACKS_PER_ALERT + 5; i++) {
            board.acknowledge(new Acknowledgement(a.alertId(), "id-" + i, "op-" + i,
                    java.time.Instant.parse("2021-05-23T02:00:00Z").plusSeconds(i).toString(), null, false));
        }
        assertThat(board.acknowledgements(a.alertId())).hasSize(AlertBoard.MAX_ACKS_PER_ALERT)
                .first().extracting(Acknowledgement::by).isEqualTo("op-5");
    }

    @Test
    void anAlertOfAUnitOutsideTheRegistryIsKeptButSaidSo() {
        Alert stray = alert("ELSEWHERE-1", "SURGE", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);

        assertThat(board.offer(stray)).isEqualTo("applied_unknown_unit");
        assertThat(board.list(x -> true, 5).get(0).get("unit_name").isNull()).isTrue();
    }

    @Test
    void aFullFrameHasActiveEpisodesAndTheLatestResolvedOnes() {
        Alert active = alert("X-1-a-1", "SILENT_STATION", Alert.State.FIRING, "2021-05-23T09:00:00+07:00", null);
        Alert done = alert("X-1-a-2", "SURGE", Alert.State.FIRING, "2021-05-23T08:00:00+07:00", null)
                .resolved("2021-05-23T08:30:00+07:00", BigDecimal.ZERO, "ok");
        board.offer(active);
        board.offer(done);

        assertThat(board.fullFrame()).extracting(o -> o.get("state").asText()).containsExactly("firing", "resolved");
    }
}
