package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AnomalyKind;

/**
 * Per polling area (keyed by station id): fires OVER_100_PERCENT when an accepted reading leaves the area
 * with more voters than its list, and resolves it when a reading observed later brings the count back
 * within the list (usually a list change).
 */
public class OverListDetector extends KeyedProcessFunction<String, StationReading, Alert> {

    public static final String RULE_ID = "over-100-percent";

    private final DetectorConfig config;
    private transient ValueState<Alert> open;
    private transient ValueState<Long> lastOverAt;

    public OverListDetector(DetectorConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("over-list-open", Alert.class));
        lastOverAt = getRuntimeContext().getState(new ValueStateDescriptor<>("over-list-last-over-at", Long.class));
    }

    @Override
    public void processElement(StationReading r, Context ctx, Collector<Alert> out) throws Exception {
        boolean over = r.stationVoted() > r.registered();
        Alert episode = open.value();
        if (episode == null) {
            if (over) {
                String at = StationAlerts.time(r.observedMillis(), r.offsetSeconds());
                Alert firing = StationAlerts.firing(RULE_ID, AnomalyKind.OVER_100_PERCENT, r.stationId(), config,
                        BigDecimal.valueOf(r.stationVoted()), BigDecimal.valueOf(r.registered()), at,
                        "Polling area " + r.stationId() + " has counted " + StationAlerts.count(r.stationVoted())
                                + " voters, " + StationAlerts.count(r.stationVoted() - r.registered())
                                + " more than the " + StationAlerts.count(r.registered()) + " on its list ("
                                + StationAlerts.percent(r.stationVoted(), r.registered()) + "%).");
                out.collect(firing);
                open.update(firing);
                lastOverAt.update(r.observedMillis());
            }
            return;
        }
        long since = lastOverAt.value();
        if (over) {
            lastOverAt.update(Math.max(since, r.observedMillis()));
        } else if (r.observedMillis() >= since) {
            // Only a reading observed after the last one that was over proves the episode ended; an older
            // one delivered late says nothing about now.
            out.collect(episode.resolved(StationAlerts.time(r.observedMillis(), r.offsetSeconds()),
                    BigDecimal.valueOf(r.stationVoted()),
                    "Polling area " + r.stationId() + " is back within its list: "
                            + StationAlerts.count(r.stationVoted()) + " voters of " + StationAlerts.count(r.registered())
                            + " (" + StationAlerts.percent(r.stationVoted(), r.registered()) + "%)."));
            open.clear();
            lastOverAt.clear();
        }
    }
}
