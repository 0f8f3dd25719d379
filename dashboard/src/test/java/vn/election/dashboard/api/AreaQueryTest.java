package vn.election.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.state.AreaIndex;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.TestRegistries;

class AreaQueryTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private final Registry registry = TestRegistries.tiny2026();
    private final AreaIndex index = new AreaIndex(registry);
    private UnitStore store;
    private AreaQuery query;

    @BeforeEach
    void reportSomeAreas() {
        store = new UnitStore(registry);
        query = new AreaQuery(store, index, Duration.ofMinutes(60), ZONE, LocalTime.of(7, 0));
        // The data clock is the latest area time (too few areas report for a quorum): 15:00.
        store.offer(snapshot("X", 3600, 900, "2021-05-23T15:00:00+07:00"));
        store.offer(snapshot("X-1-a-1", 100, 50, "2021-05-23T15:00:00+07:00"));   // just reported
        store.offer(snapshot("X-1-a-2", 200, 180, "2021-05-23T13:30:00+07:00"));  // 90 min silent: late
        store.offer(snapshot("X-1-b-1", 300, 300, "2021-05-23T11:00:00+07:00"));  // complete: never late
        store.offer(snapshot("X-2-c-1", 500, 100, "2021-05-23T12:00:00+07:00"));  // 180 min silent: late
        // X-1-b-2, X-2-c-2, X-2-d-1, X-2-d-2 never reported.
    }

    @Test
    void theAreasOfAUnitAreOneRangeInRegistryOrder() {
        assertThat(index.areasOf("X-1")).containsExactly("X-1-a-1", "X-1-a-2", "X-1-b-1", "X-1-b-2");
        assertThat(index.areasOf("X-2-d")).containsExactly("X-2-d-1", "X-2-d-2");
        assertThat(index.areasOf("X-2-d-1")).containsExactly("X-2-d-1");
        assertThat(index.areasOf("X")).hasSize(8);
        assertThat(index.areasOf("nope")).isEmpty();
    }

    @Test
    void lateMeansSilentBeyondTheThresholdOrNeverHeardFromButNotComplete() {
        ObjectNode late = query.answer("X", AreaQuery.Filter.LATE, AreaQuery.Sort.SILENT_MINUTES, true, 0, 100);

        assertThat(ids(late)).containsExactly("X-1-b-2", "X-2-c-2", "X-2-d-1", "X-2-d-2", "X-2-c-1", "X-1-a-2");
        assertThat(late.get("total").asInt()).isEqualTo(6);
        assertThat(late.get("clock").asText()).isEqualTo("2021-05-23T15:00+07:00");
        JsonNode longest = late.get("items").get(4);
        assertThat(longest.get("silent_minutes").asLong()).isEqualTo(180);
        assertThat(longest.get("path").asText()).isEqualTo("Tỉnh Hai › Phường C");
        assertThat(late.get("items").get(0).get("silent_minutes").isNull()).isTrue();
        assertThat(late.get("items").get(0).get("reported").asBoolean()).isFalse();
    }

    @Test
    void anAreaThatCountedNearlyItsWholeListIsNotLate() {
        // Voted days early, 97% of its list: silent for two days, but nothing more to report.
        store.offer(snapshot("X-2-d-1", 700, 680, "2021-05-21T19:00:00+07:00"));

        assertThat(ids(query.answer("X", AreaQuery.Filter.LATE, AreaQuery.Sort.NAME, false, 0, 100))).doesNotContain("X-2-d-1");
        assertThat(ids(query.answer("X", AreaQuery.Filter.SILENT, AreaQuery.Sort.NAME, false, 0, 100))).doesNotContain("X-2-d-1");
    }

    @Test
    void silentAndNeverAreTheTwoHalvesOfLate() {
        assertThat(ids(query.answer("X", AreaQuery.Filter.SILENT, AreaQuery.Sort.NAME, false, 0, 100)))
                .containsExactlyInAnyOrder("X-1-a-2", "X-2-c-1");
        assertThat(ids(query.answer("X-1", AreaQuery.Filter.NEVER, AreaQuery.Sort.NAME, false, 0, 100)))
                .containsExactly("X-1-b-2");
    }

    @Test
    void sortsAndPagesOnTheServer() {
        ObjectNode page1 = query.answer("X", AreaQuery.Filter.ALL, AreaQuery.Sort.TURNOUT_PCT, true, 0, 3);
        ObjectNode page2 = query.answer("X", AreaQuery.Filter.ALL, AreaQuery.Sort.TURNOUT_PCT, true, 3, 3);

        // 100 %, 90 %, 50 %, 20 %, then the four at 0 % in id order (ties stay in id order either way).
        assertThat(ids(page1)).containsExactly("X-1-b-1", "X-1-a-2", "X-1-a-1");
        assertThat(ids(page2)).containsExactly("X-2-c-1", "X-1-b-2", "X-2-c-2");
        assertThat(page1.get("total").asInt()).isEqualTo(8);
        assertThat(ids(query.answer("X", AreaQuery.Filter.ALL, AreaQuery.Sort.REGISTERED, false, 6, 100)))
                .containsExactly("X-2-d-1", "X-2-d-2");
    }

    @Test
    void badChoicesNameTheAllowedValues() {
        assertThatThrownBy(() -> AreaQuery.choice(AreaQuery.Sort.class, "votes", AreaQuery.Sort.NAME, "sort"))
                .hasMessage("sort must be one of name, turnout_pct, voted, registered, as_of, silent_minutes, got 'votes'");
        assertThat(AreaQuery.choice(AreaQuery.Filter.class, "Late", AreaQuery.Filter.ALL, "filter"))
                .isEqualTo(AreaQuery.Filter.LATE);
        assertThat(AreaQuery.choice(AreaQuery.Filter.class, null, AreaQuery.Filter.ALL, "filter"))
                .isEqualTo(AreaQuery.Filter.ALL);
    }

    @Test
    void histogramCountsReportingAreasPerPointWithExactHundredApart() {
        store.offer(snapshot("X-2-c-2", 600, 599, "2021-05-23T14:00:00+07:00"));   // 99.83 %: bin 99, never 100
        store.offer(snapshot("X-2-d-1", 700, 701, "2021-05-23T14:00:00+07:00"));   // above 100 %

        ObjectNode h = TurnoutHistogram.of(store, index, "X");

        assertThat(h.get("areas").asInt()).isEqualTo(8);
        assertThat(h.get("reporting").asInt()).isEqualTo(6);
        assertThat(h.get("bins")).hasSize(101);
        assertThat(h.get("bins").get(50).get("count").asInt()).isEqualTo(1);
        assertThat(h.get("bins").get(90).get("count").asInt()).isEqualTo(1);
        assertThat(h.get("bins").get(20).get("count").asInt()).isEqualTo(1);
        assertThat(h.get("bins").get(99).get("count").asInt()).isEqualTo(1);
        assertThat(h.get("bins").get(100).get("from").asInt()).isEqualTo(100);
        assertThat(h.get("bins").get(100).get("count").asInt()).isEqualTo(1);
        assertThat(h.get("over_100").asInt()).isEqualTo(1);
        long binned = 0;
        for (JsonNode b : h.get("bins")) {
            binned += b.get("count").asLong();
        }
        assertThat(binned + h.get("over_100").asLong()).isEqualTo(h.get("reporting").asLong());
    }


    @Test
    void beforePollsOpenNobodyIsLateAndSilenceCountsFromTheOpening() {
        store = new UnitStore(registry);
        query = new AreaQuery(store, index, Duration.ofMinutes(60), ZONE, LocalTime.of(7, 0));
        // Election morning: three areas check in before polls open; five have not been heard from.
        store.offer(snapshot("X-1-a-1", 100, 0, "2021-05-23T06:30:00+07:00"));
        store.offer(snapshot("X-1-a-2", 200, 0, "2021-05-23T06:45:00+07:00"));
        store.offer(snapshot("X-1-b-1", 300, 0, "2021-05-23T06:50:00+07:00"));
        assertThat(ids(query.answer("X", AreaQuery.Filter.LATE, AreaQuery.Sort.NAME, false, 0, 100))).isEmpty();

        // 07:40: open for 40 minutes; those not heard from are not late yet, the early ones silent 40 minutes, not 70.
        store.offer(snapshot("X-1-a-2", 200, 20, "2021-05-23T07:40:00+07:00", 2));
        ObjectNode at0740 = query.answer("X", AreaQuery.Filter.ALL, AreaQuery.Sort.NAME, false, 0, 100);
        assertThat(ids(query.answer("X", AreaQuery.Filter.LATE, AreaQuery.Sort.NAME, false, 0, 100))).isEmpty();
        assertThat(silentMinutes(at0740, "X-1-a-1")).isEqualTo(40);

        // 08:05: an hour and more since the opening: the never-heard-from and the area silent since its check-in.
        store.offer(snapshot("X-1-a-2", 200, 40, "2021-05-23T08:05:00+07:00", 3));
        assertThat(ids(query.answer("X", AreaQuery.Filter.LATE, AreaQuery.Sort.NAME, false, 0, 100)))
                .containsExactlyInAnyOrder("X-1-a-1", "X-1-b-1", "X-1-b-2", "X-2-c-1", "X-2-c-2", "X-2-d-1", "X-2-d-2");
    }

    private static long silentMinutes(ObjectNode answer, String id) {
        for (JsonNode item : answer.get("items")) {
            if (item.get("unit_id").asText().equals(id)) {
                return item.get("silent_minutes").asLong();
            }
        }
        throw new AssertionError(id + " not in the answer");
    }

    private UnitSnapshot snapshot(String id, long registered, long voted, String asOf) {
        return snapshot(id, registered, voted, asOf, 1);
    }

    private UnitSnapshot snapshot(String id, long registered, long voted, String asOf, long version) {
        var u = registry.unit(id);
        return new UnitSnapshot(id, u.parentId(), u.level(), u.name(), registered, voted, Map.of(), asOf, version);
    }


    @Test
    void oneAreaWithAWrongDateDoesNotMakeEveryOtherAreaLate() {
        // A live morning: many areas report within the hour; one device's clock is a day ahead.
        for (String id : List.of("X-1-a-1", "X-1-a-2", "X-1-b-2", "X-2-c-1", "X-2-c-2", "X-2-d-1")) {
            store.offer(snapshot(id, 1000, 100, "2021-05-23T09:0" + (id.length() % 10) + ":00+07:00", 2));
        }
        store.offer(snapshot("X-2-d-2", 1000, 100, "2021-05-24T09:10:00+07:00", 2));

        ObjectNode late = query.answer("X", AreaQuery.Filter.LATE, AreaQuery.Sort.NAME, false, 0, 100);

        assertThat(late.get("clock").asText()).startsWith("2021-05-23T09:0");
        assertThat(ids(late)).isEmpty();
        assertThat(store.clockMillis()).isLessThan(java.time.OffsetDateTime.parse("2021-05-23T10:00:00+07:00")
                .toInstant().toEpochMilli());
    }

    private static List<String> ids(ObjectNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("items").forEach(i -> out.add(i.get("unit_id").asText()));
        return out;
    }
}
