package vn.election.dashboard.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.dashboard.checkpoint.CheckpointDay.at;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.checkpoint.CheckpointStore.Outcome;
import vn.election.model.checkpoint.CheckpointRecord;

/** The first record of a key is the frozen one; the store keeps the configured checkpoints of the latest day only. */
class CheckpointStoreTest {

    private final CheckpointDay day = new CheckpointDay();
    private final CheckpointStore store = day.store;

    private static CheckpointRecord record(String unit, LocalDateTime checkpoint, long voted) {
        return new CheckpointRecord(unit, checkpoint, checkpoint.atZone(ZoneId.of("Asia/Ho_Chi_Minh")).toOffsetDateTime(),
                Instant.now(), null, 1000, voted, 1, 4, List.of(), "history", null);
    }

    @Test
    void theFirstRecordOfAKeyWinsAndALaterOneIsIgnored() {
        assertThat(store.offer(record("X-1", at("11:00"), 599))).isEqualTo(Outcome.FROZEN);
        assertThat(store.offer(record("X-1", at("11:00"), 700))).isEqualTo(Outcome.REPEAT);
        assertThat(store.get("X-1", at("11:00"))).hasValueSatisfying(r -> assertThat(r.voted()).isEqualTo(599));
        assertThat(store.get("X-1", at("13:00"))).isEmpty();
        assertThat(store.frozenUnits(at("11:00"))).isEqualTo(1);
    }

    @Test
    void unknownUnitsUnconfiguredTimesAndEarlierDaysAreNotKept() {
        assertThat(store.offer(record("VN-99", at("11:00"), 1))).isEqualTo(Outcome.UNKNOWN_UNIT);
        assertThat(store.offer(record("X-1", at("10:00"), 1))).isEqualTo(Outcome.NOT_CONFIGURED);
        assertThat(store.offer(record("X-1", at("11:00"), 1))).isEqualTo(Outcome.FROZEN);
        assertThat(store.offer(record("X-1", at("11:00").minusDays(1), 1))).isEqualTo(Outcome.OLD_DAY);
        // A later election day replaces the earlier one: memory stays one day's units × checkpoints.
        assertThat(store.offer(record("X-2", at("09:00").plusDays(7), 1))).isEqualTo(Outcome.FROZEN);
        assertThat(store.get("X-1", at("11:00"))).isEmpty();
        assertThat(store.day()).contains(at("09:00").plusDays(7).toLocalDate());
    }
}
