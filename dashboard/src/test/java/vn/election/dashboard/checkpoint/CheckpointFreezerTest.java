package vn.election.dashboard.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.election.dashboard.checkpoint.CheckpointDay.ABOVE_AREAS;
import static vn.election.dashboard.checkpoint.CheckpointDay.at;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.model.checkpoint.CheckpointRecord;

/** When a checkpoint is frozen (the data clock past it by the grace), what is frozen, and that it happens once. */
class CheckpointFreezerTest {

    private final CheckpointDay day = new CheckpointDay();
    private final List<CheckpointRecord> published = new ArrayList<>();

    @BeforeEach
    void curves() {
        day.point("X-1", "10:55", 500, 1000, 3);
        day.point("X-1", "11:00", 599, 1000, 3);
        day.point("X-1", "11:05", 640, 1000, 4);
        day.point("X-1-a-1", "10:30", 100, 100, 1);
    }

    @Test
    void nothingIsDueBeforeTheClockHasPassedTheCheckpointByTheGrace() {
        CheckpointFreezer freezer = day.freezer();
        assertThat(freezer.due(null)).isEmpty();
        day.areasAt("08:59");
        assertThat(freezer.due(day.units.clockMillis())).isEmpty();
        day.areasAt("09:09");
        assertThat(freezer.due(day.units.clockMillis())).isEmpty();
        day.areasAt("11:09");
        assertThat(freezer.due(day.units.clockMillis())).containsExactly(at("09:00"));
        day.areasAt("11:10");
        assertThat(freezer.due(day.units.clockMillis())).containsExactly(at("09:00"), at("11:00"));
    }

    @Test
    void everyUnitAboveThePollingAreasIsFrozenOnceWithItsFiguresAtTheCheckpoint() {
        CheckpointFreezer freezer = day.freezer();
        day.areasAt("11:10");

        assertThat(freezer.runOnce(published::addAll)).isEqualTo(2 * ABOVE_AREAS);
        assertThat(freezer.runOnce(published::addAll)).isZero();   // at most once per checkpoint per instance

        CheckpointRecord province = published.stream().filter(r -> r.key().equals("X-1@2026-03-15T11:00")).findFirst().orElseThrow();
        assertThat(province.voted()).isEqualTo(599);   // the 11:00 point, not the later 11:05 one
        assertThat(province.registered()).isEqualTo(1000);
        assertThat(province.areasReporting()).isEqualTo(3);
        assertThat(province.source()).isEqualTo("history");
        assertThat(province.completeByLevel()).containsExactly(new CheckpointRecord.LevelCount("polling_area", 1, 4),
                new CheckpointRecord.LevelCount("commune", 0, 2));
        assertThat(province.dataClock()).hasToString("2026-03-15T11:10+07:00");
        assertThat(published).extracting(CheckpointRecord::unitId).doesNotContain("X-1-a-1").contains("X", "X-2-d");
        // At 09:00 nothing below the province was counted yet: the registry's list, nobody voted.
        CheckpointRecord early = published.stream().filter(r -> r.key().equals("X-1@2026-03-15T09:00")).findFirst().orElseThrow();
        assertThat(early.voted()).isZero();
        assertThat(early.source()).isEqualTo("registry");
    }

    @Test
    void aCheckpointEveryUnitOfWhichIsAlreadyFrozenIsNotPublishedAgain() {
        CheckpointFreezer other = day.freezer();
        day.areasAt("11:10");
        other.runOnce(published::addAll);
        published.forEach(day.store::offer);   // read back, as the feed would

        List<CheckpointRecord> again = new ArrayList<>();
        assertThat(day.freezer().runOnce(again::addAll)).isZero();   // a restarted or second instance
        assertThat(again).isEmpty();
    }

    @Test
    void aFailedPublishIsTriedAgainNextRound() {
        CheckpointFreezer freezer = day.freezer();
        day.areasAt("09:10");
        assertThatThrownBy(() -> freezer.runOnce(records -> {
            throw new IllegalStateException("broker down");
        })).hasMessage("broker down");
        assertThat(freezer.runOnce(published::addAll)).isEqualTo(ABOVE_AREAS);
    }
}
