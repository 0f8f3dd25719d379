package vn.election.dashboard.checkpoint;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import vn.election.dashboard.report.ReportBuilder;
import vn.election.dashboard.state.Baseline;
import vn.election.dashboard.state.CompletionTimes;
import vn.election.dashboard.state.DashboardState;
import vn.election.dashboard.state.HistoryStore;
import vn.election.dashboard.state.PreviousTerm;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.history.HistoryRecord;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.TestRegistries;

/** An election day on the tiny 2026 registry in memory: curve points and area readings fed as the topics would. */
final class CheckpointDay {

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final String DAY = "2026-03-15T";
    /** Units above the polling areas: the nation, 2 provinces, 4 communes. */
    static final int ABOVE_AREAS = 7;

    final Registry registry = TestRegistries.tiny2026();
    final DashboardState state = DashboardState.of(registry, ZONE);
    final UnitStore units = state.units();
    final HistoryStore history = state.history();
    final CompletionTimes completions = state.completions();
    final ReportBuilder reports = new ReportBuilder(units, history::at, completions, PreviousTerm.none(), Baseline.bundled(),
            ZONE, Clock.systemUTC());
    final CheckpointConfig config = CheckpointConfig.defaults();
    final CheckpointStore store = new CheckpointStore(registry, config);
    private long version;

    /** A point of a unit's curve (a closed 5-minute bucket ending at {@code time}). */
    void point(String unit, String time, long voted, long registered, long reporting) {
        HistoryRecord h = new HistoryRecord(unit, OffsetDateTime.parse(DAY + time + "+07:00"), voted, registered, reporting, null, null);
        completions.offer(h);
        history.offer(h);
    }

    /** Every polling area's latest reading as of {@code time} (moves the data clock there), and the nation's figures then. */
    void areasAt(String time) {
        for (var u : registry.units()) {
            if (registry.isLeaf(u.id()) || u.isRoot()) {
                units.offer(new UnitSnapshot(u.id(), u.parentId(), u.level(), u.name(), u.registered(), u.registered() / 2,
                        Map.of(), DAY + time + ":00+07:00", ++version));
            }
        }
    }

    CheckpointFreezer freezer() {
        return new CheckpointFreezer(units, reports, config, store, ZONE, Clock.systemUTC());
    }

    CheckpointApi api() {
        return new CheckpointApi(units, reports, store, config, ZONE, Clock.systemUTC());
    }

    static LocalDateTime at(String time) {
        return LocalDateTime.parse(DAY + time);
    }
}
