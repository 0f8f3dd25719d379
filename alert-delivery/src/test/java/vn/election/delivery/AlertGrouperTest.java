package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.delivery.DeliveryFixtures.area;
import static vn.election.delivery.DeliveryFixtures.recovering;
import static vn.election.delivery.DeliveryFixtures.resolved;
import static vn.election.delivery.DeliveryFixtures.silent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;

class AlertGrouperTest {

    private static final Registry REGISTRY = DeliveryFixtures.registry(500);
    private static final long WAIT = 30_000;
    private static final long INTERVAL = 120_000;
    private static final long REPEAT = 4 * 3600_000;

    private final AlertGrouper grouper = grouper();
    private long offset;
    private final List<RecordRef> released = new ArrayList<>();

    private static AlertGrouper grouper() {
        return new AlertGrouper(REGISTRY, 1, Duration.ofMillis(WAIT), Duration.ofMillis(INTERVAL), Duration.ofMillis(REPEAT));
    }

    private RecordRef offer(AlertGrouper g, Alert a, AlertGrouper.Mode mode, long now) {
        RecordRef ref = new RecordRef(0, offset++);
        released.addAll(g.offer(a, ref, now, mode, now));
        return ref;
    }

    private RecordRef offer(Alert a, long now) {
        return offer(grouper, a, AlertGrouper.Mode.DELIVER, now);
    }

    @Test
    void fiveHundredSilentAreasOfOneProvinceMakeOneNotificationAfterTheGroupWait() throws Exception {
        List<RecordRef> refs = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            refs.add(offer(silent(area(1, i)), i * 10));
        }
        assertThat(grouper.due(WAIT)).isEmpty();
        List<GroupNotification> due = grouper.due(WAIT + 10);
        assertThat(due).hasSize(1);
        GroupNotification n = due.get(0);
        assertThat(n.count()).isEqualTo(500);
        assertThat(n.key()).isEqualTo(new GroupKey("SILENT_STATION", Alert.State.FIRING, "X-1"));
        JsonNode body = Json.MAPPER.readTree(n.body());
        assertThat(body.get("type").asText()).isEqualTo("alert_group");
        assertThat(body.get("group_key").asText()).isEqualTo("SILENT_STATION/firing/X-1");
        assertThat(body.get("unit_name").asText()).isEqualTo("Tỉnh 1, thử");
        assertThat(body.get("count").asInt()).isEqualTo(500);
        assertThat(body.get("alerts")).hasSize(500);
        assertThat(body.get("alerts").get(0).get("unit_name").asText()).startsWith("Khu vực");
        assertThat(body.get("alerts").get(0).get("alert_id").asText()).isNotEmpty();
        assertThat(grouper.due(WAIT + 20)).as("in flight").isEmpty();
        assertThat(released).isEmpty();
        assertThat(grouper.delivered(n, WAIT + 100)).containsExactlyInAnyOrderElementsOf(refs);
    }

    @Test
    void twoProvincesMakeTwoGroupsAndANationalAlertGroupsUnderTheNation() {
        offer(silent(area(1, 1)), 0);
        offer(silent(area(2, 1)), 0);
        offer(DeliveryFixtures.firing("LAGGING_PEERS", "X"), 0);
        assertThat(grouper.due(WAIT)).extracting(n -> n.key().unitId()).containsExactlyInAnyOrder("X-1", "X-2", "X");
    }

    @Test
    void groupsAtAConfiguredDepth() {
        AlertGrouper byCommune = new AlertGrouper(REGISTRY, 2, Duration.ZERO, Duration.ofMillis(INTERVAL), Duration.ofMillis(REPEAT));
        offer(byCommune, silent(area(1, 1)), AlertGrouper.Mode.DELIVER, 0);
        assertThat(byCommune.due(0)).extracting(n -> n.key().unitId()).containsExactly("X-1-c");
    }

    @Test
    void resolutionsGoInASeparateResolvedGroupAndReleaseTheRecordsTheyCover() {
        Alert a = silent(area(1, 1));
        Alert b = silent(area(1, 2));
        RecordRef fa = offer(a, 0);
        RecordRef fb = offer(b, 0);
        GroupNotification firing = grouper.due(WAIT).get(0);
        assertThat(grouper.delivered(firing, WAIT)).containsExactlyInAnyOrder(fa, fb);
        RecordRef ra = offer(resolved(a), WAIT + 1000);
        RecordRef rb = offer(resolved(b), WAIT + 2000);
        List<GroupNotification> due = grouper.due(WAIT + 1000 + WAIT);
        assertThat(due).hasSize(1);
        assertThat(due.get(0).key().state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(due.get(0).count()).isEqualTo(2);
        assertThat(due.get(0).webhookId()).isNotEqualTo(firing.webhookId());
        assertThat(grouper.delivered(due.get(0), WAIT * 3)).containsExactlyInAnyOrder(ra, rb);
        assertThat(grouper.due(REPEAT * 2)).as("resolved alerts are not repeated; the firing group is empty").isEmpty();
    }

    @Test
    void anAlertResolvedBeforeItsFiringWasSentIsNeverSentAndItsRecordsAreReleased() {
        Alert a = silent(area(1, 1));
        RecordRef f = offer(a, 0);
        RecordRef r = offer(resolved(a), 10);
        assertThat(grouper.due(WAIT + 10)).as("nobody was told it fired: nothing to resolve").isEmpty();
        assertThat(released).containsExactlyInAnyOrder(f, r);
    }

    @Test
    void laterMembersWaitTheGroupIntervalAndTheNotificationListsTheWholeGroup() {
        offer(silent(area(1, 1)), 0);
        GroupNotification first = grouper.due(WAIT).get(0);
        grouper.delivered(first, WAIT);
        offer(silent(area(1, 2)), WAIT + 1000);
        assertThat(grouper.due(WAIT + INTERVAL - 1)).isEmpty();
        GroupNotification second = grouper.due(WAIT + INTERVAL).get(0);
        assertThat(second.count()).isEqualTo(2);
        assertThat(second.webhookId()).isNotEqualTo(first.webhookId());
    }

    @Test
    void aStillFiringGroupIsRepeatedWithANewIdAfterTheRepeatInterval() {
        offer(silent(area(1, 1)), 0);
        GroupNotification first = grouper.due(WAIT).get(0);
        grouper.delivered(first, WAIT);
        assertThat(grouper.due(WAIT + REPEAT - 1)).isEmpty();
        GroupNotification reminder = grouper.due(WAIT + REPEAT).get(0);
        assertThat(reminder.repeat()).isEqualTo(1);
        assertThat(reminder.alertIds()).isEqualTo(first.alertIds());
        assertThat(reminder.webhookId()).isNotEqualTo(first.webhookId());
        assertThat(reminder.oldestRecordMillis()).isEqualTo(-1);
    }

    @Test
    void theWebhookIdDependsOnlyOnTheKeyAndTheSetOfAlerts() {
        AlertGrouper other = grouper();
        for (int i = 5; i >= 1; i--) {
            offer(other, silent(area(1, i)), AlertGrouper.Mode.DELIVER, 7);
        }
        for (int i = 1; i <= 5; i++) {
            offer(silent(area(1, i)), 0);
        }
        GroupNotification a = grouper.due(WAIT).get(0);
        GroupNotification b = other.due(WAIT + 7).get(0);
        assertThat(a.webhookId()).isEqualTo(b.webhookId()).startsWith("msg_");
        assertThat(a.body()).isEqualTo(b.body());
    }

    @Test
    void restoredAndDroppedRecordsAreReleasedAtOnceAndNotSent() {
        Alert known = silent(area(1, 1));
        RecordRef r1 = offer(grouper, known, AlertGrouper.Mode.RESTORE, 0);
        Alert muted = silent(area(1, 2));
        RecordRef r2 = offer(grouper, muted, AlertGrouper.Mode.DROP, 0);
        assertThat(released).containsExactly(r1, r2);
        assertThat(grouper.due(WAIT * 10)).isEmpty();
        RecordRef r3 = offer(resolved(muted), WAIT * 10);
        assertThat(released).as("the resolution of an alert whose firing was silenced is not sent").contains(r3);
        offer(resolved(known), WAIT * 10);
        assertThat(grouper.due(WAIT * 20)).extracting(n -> n.key().state()).containsExactly(Alert.State.RESOLVED);
    }

    @Test
    void aRepeatedFiringRecordOfANotifiedAlertIsReleasedAtOnce() {
        Alert a = silent(area(1, 1));
        offer(a, 0);
        grouper.delivered(grouper.due(WAIT).get(0), WAIT);
        RecordRef again = offer(a, WAIT + 1);
        assertThat(released).containsExactly(again);
        assertThat(grouper.due(WAIT + INTERVAL * 2)).isEmpty();
    }

    /** {@code a} fired, and its firing notification was delivered at {@code WAIT}. */
    private GroupNotification firedAndTold(Alert a) {
        offer(a, 0);
        GroupNotification n = grouper.due(WAIT).get(0);
        grouper.delivered(n, WAIT);
        return n;
    }

    @Test
    void aRecoveringAlertGoesOnceInARecoveringGroupAndIsNoLongerRemindedAsFiring() throws Exception {
        Alert a = silent(area(1, 1));
        firedAndTold(a);
        RecordRef r = offer(recovering(a), WAIT + 1000);

        List<GroupNotification> due = grouper.due(WAIT + 1000 + WAIT);
        assertThat(due).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo(new GroupKey("SILENT_STATION", Alert.State.RECOVERING, "X-1"));
            JsonNode body = Json.MAPPER.readTree(n.body());
            assertThat(body.get("group_key").asText()).isEqualTo("SILENT_STATION/recovering/X-1");
            assertThat(body.get("state").asText()).isEqualTo("recovering");
            assertThat(body.get("alerts").get(0).get("state").asText()).isEqualTo("recovering");
            assertThat(body.get("alerts").get(0).get("ended_at").isNull()).isTrue();
        });
        assertThat(grouper.delivered(due.get(0), WAIT * 3)).containsExactly(r);
        assertThat(grouper.due(REPEAT * 2)).as("no reminder of a recovering alert, nor of the recovering group").isEmpty();

        RecordRef end = offer(resolved(a), REPEAT * 2);
        assertThat(grouper.due(REPEAT * 2 + WAIT)).singleElement().satisfies(n -> {
            assertThat(n.key().state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(grouper.delivered(n, REPEAT * 2 + WAIT)).containsExactly(end);
        });
    }

    @Test
    void anAlertBackBeforeItsRecoveringNotificationWentOutIsStillFiringToTheReceivers() {
        Alert a = silent(area(1, 1));
        GroupNotification firing = firedAndTold(a);
        RecordRef r = offer(recovering(a), WAIT + 1000);
        RecordRef back = offer(a, WAIT + 2000);

        assertThat(released).as("nothing left to tell").contains(r, back);
        assertThat(grouper.due(WAIT + 2000 + WAIT * 10)).as("no recovering, no second firing").isEmpty();
        GroupNotification reminder = grouper.due(WAIT + REPEAT * 2).get(0);
        assertThat(reminder.key().state()).isEqualTo(Alert.State.FIRING);
        assertThat(reminder.alertIds()).isEqualTo(firing.alertIds());
    }

    @Test
    void anAlertBackAfterItsRecoveringNotificationWentOutIsToldFiringAgain() {
        Alert a = silent(area(1, 1));
        firedAndTold(a);
        offer(recovering(a), WAIT + 1000);
        grouper.delivered(grouper.due(WAIT * 3).get(0), WAIT * 3);
        RecordRef back = offer(a, WAIT * 4);

        List<GroupNotification> due = grouper.due(WAIT * 4 + INTERVAL);
        assertThat(due).singleElement().satisfies(n -> {
            assertThat(n.key().state()).isEqualTo(Alert.State.FIRING);
            assertThat(n.alertIds()).containsExactly(a.alertId());
            assertThat(grouper.delivered(n, WAIT * 4 + INTERVAL)).containsExactly(back);
        });
    }

    @Test
    void aResolutionBeforeTheRecoveringNotificationWentOutTakesItsPlace() {
        Alert a = silent(area(1, 1));
        firedAndTold(a);
        RecordRef r = offer(recovering(a), WAIT + 1000);
        RecordRef end = offer(resolved(a), WAIT + 2000);

        List<GroupNotification> due = grouper.due(WAIT * 3);
        assertThat(due).singleElement().satisfies(n -> {
            assertThat(n.key().state()).isEqualTo(Alert.State.RESOLVED);
            assertThat(grouper.delivered(n, WAIT * 3)).containsExactlyInAnyOrder(r, end);
        });
        assertThat(grouper.due(REPEAT * 2)).isEmpty();
    }

    @Test
    void anAlertNobodyWasToldOfIsNotToldItRecoversNorThatItResolves() {
        Alert cleared = silent(area(1, 1));
        RecordRef f = offer(cleared, 0);
        RecordRef r = offer(recovering(cleared), 10);           // within the group wait
        Alert muted = silent(area(1, 2));
        offer(grouper, muted, AlertGrouper.Mode.DROP, 0);
        RecordRef mr = offer(recovering(muted), 20);
        RecordRef end = offer(resolved(cleared), 30);

        assertThat(grouper.due(WAIT * 10)).isEmpty();
        assertThat(released).contains(f, r, mr, end);
    }

    @Test
    void aSilencedReturnToFiringIsNotSentAndTheResolutionStillIs() {
        Alert a = silent(area(1, 1));
        firedAndTold(a);
        offer(recovering(a), WAIT + 1000);
        grouper.delivered(grouper.due(WAIT * 3).get(0), WAIT * 3);
        RecordRef back = offer(grouper, a, AlertGrouper.Mode.DROP, WAIT * 4);
        assertThat(released).contains(back);
        assertThat(grouper.due(WAIT * 4 + INTERVAL)).isEmpty();

        offer(resolved(a), WAIT * 5);
        assertThat(grouper.due(WAIT * 6)).as("the receivers heard it fire and recover: they hear it end")
                .extracting(n -> n.key().state()).containsExactly(Alert.State.RESOLVED);
    }

    @Test
    void aSilencedRecoveringRecordIsReleasedAndNotSent() {
        Alert a = silent(area(1, 1));
        firedAndTold(a);
        RecordRef r = offer(grouper, recovering(a), AlertGrouper.Mode.DROP, WAIT + 1000);

        assertThat(released).contains(r);
        assertThat(grouper.due(REPEAT * 2)).as("nothing sent, and it is not reminded as firing either").isEmpty();
    }
}
