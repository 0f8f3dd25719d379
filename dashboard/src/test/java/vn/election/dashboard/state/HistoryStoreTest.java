package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import vn.election.model.history.HistoryRecord;
import vn.election.testing.TestRegistries;

class HistoryStoreTest {

    private final HistoryStore store = new HistoryStore(TestRegistries.tiny2026(), ZoneId.of("Asia/Ho_Chi_Minh"));

    private static HistoryRecord point(String unit, String end, long voted) {
        return new HistoryRecord(unit, OffsetDateTime.parse(end), voted, 3600, 8, null, null);
    }

    @Test
    void keepsOnePointPerBucketInTimeOrderWhateverTheArrivalOrder() {
        store.offer(point("X", "2021-05-23T09:10:00+07:00", 300));
        store.offer(point("X", "2021-05-23T09:00:00+07:00", 100));
        store.offer(point("X", "2021-05-23T09:05:00+07:00", 200));
        // Written at least once: the same bucket again replaces, never duplicates.
        store.offer(point("X", "2021-05-23T09:05:00+07:00", 210));

        ObjectNode o = store.toJson("X", null);

        assertThat(o.get("day").asText()).isEqualTo("2021-05-23");
        assertThat(o.get("points")).extracting(p -> p.get("voted").asLong()).containsExactly(100L, 210L, 300L);
        assertThat(o.get("points").get(0).get("t").asText()).isEqualTo("2021-05-23T09:00:00+07:00");
        assertThat(o.get("points").get(2).get("turnout_pct").decimalValue()).isEqualByComparingTo("8.33");
    }

    @Test
    void anOpenBucketsFiguresNeverReplaceItsClosedPoint() {
        String end = "2021-05-23T09:05:00+07:00";
        store.offer(new HistoryRecord("X", OffsetDateTime.parse(end), 150, 3600, 8, null, null, true));
        store.offer(point("X", end, 200));
        // The open figures of the same bucket, written by another stage, arrive after its closed point.
        store.offer(new HistoryRecord("X", OffsetDateTime.parse(end), 150, 3600, 8, null, null, true));
        assertThat(store.toJson("X", null).get("points")).extracting(p -> p.get("voted").asLong()).containsExactly(200L);
        // An amended closed point replaces the closed one.
        store.offer(point("X", end, 205));
        assertThat(store.toJson("X", null).get("points")).extracting(p -> p.get("voted").asLong()).containsExactly(205L);
    }

    @Test
    void answersTheLatestLocalDayUnlessAskedForAnother() {
        store.offer(point("X-1", "2021-05-22T18:00:00+07:00", 10));
        store.offer(point("X-1", "2021-05-23T08:00:00+07:00", 20));

        assertThat(store.toJson("X-1", null).get("points")).hasSize(1);
        assertThat(store.toJson("X-1", LocalDate.parse("2021-05-22")).get("points").get(0).get("voted").asLong())
                .isEqualTo(10);
    }

    @Test
    void skipsPollingAreasAndUnknownUnits() {
        assertThat(store.offer(point("X-1-a-1", "2021-05-23T09:00:00+07:00", 1))).isEqualTo("skipped_polling_area");
        assertThat(store.offer(point("Y", "2021-05-23T09:00:00+07:00", 1))).isEqualTo("unknown_unit");
        assertThat(store.toJson("X-1-a-1", null).get("points")).isEmpty();
        assertThat(store.units()).isZero();
    }

    @Test
    void dropsTheOldestPointsBeyondAWeek() {
        OffsetDateTime start = OffsetDateTime.parse("2021-05-16T00:00:00+07:00");
        for (int i = 0; i < HistoryStore.MAX_POINTS_PER_UNIT + 10; i++) {
            store.offer(new HistoryRecord("X", start.plusMinutes(5L * i), i, 3600, 8, null, null));
        }
        // Older than everything kept: nothing changes.
        store.offer(new HistoryRecord("X", start.minusDays(1), 0, 3600, 8, null, null));

        ObjectNode first = store.toJson("X", LocalDate.parse("2021-05-16"));
        assertThat(first.get("points").get(0).get("t").asText()).isEqualTo("2021-05-16T00:50:00+07:00");
        assertThat(store.toJson("X", LocalDate.parse("2021-05-15")).get("points")).isEmpty();
    }
}
