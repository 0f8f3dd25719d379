package vn.election.dashboard.checkpoint;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.report.ReportBuilder;
import vn.election.dashboard.state.DashboardState;

/**
 * One instance's checkpoints: the frozen records read back, the reports they are computed from, and the settings;
 * kept beside {@link DashboardState} rather than in it, since they are built on the reports (state stays below report).
 */
public record Checkpoints(CheckpointConfig config, CheckpointStore store, ReportBuilder reports, DashboardState state,
                          DashboardConfig dashboard) {

    public static Checkpoints of(DashboardState state, DashboardConfig config) {
        ReportBuilder reports = new ReportBuilder(state.units(), state.history()::at, state.completions(),
                config.screen().previousTerm(), config.screen().baseline(), config.screen().zone(), Clock.systemUTC());
        return new Checkpoints(config.checkpoints(), new CheckpointStore(config.registry(), config.checkpoints()), reports,
                state, config);
    }

    public CheckpointApi api() {
        return new CheckpointApi(state.units(), reports, store, config, dashboard.screen().zone(), Clock.systemUTC());
    }

    /** The freezer on its own thread, publishing with a producer of its own; not started yet. */
    public CheckpointService service(BooleanSupplier caughtUp) {
        CheckpointFreezer freezer = new CheckpointFreezer(state.units(), reports, config, store, dashboard.screen().zone(),
                Clock.systemUTC());
        return new CheckpointService(freezer, new CheckpointPublisher(dashboard.bootstrapServers(), dashboard.topicPrefix()),
                caughtUp);
    }
}
