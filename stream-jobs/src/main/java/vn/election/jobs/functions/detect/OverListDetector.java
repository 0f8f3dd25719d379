package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.AnomalyKind;

/**
 * Per polling area (keyed by station id): fires OVER_100_PERCENT when an accepted reading leaves the area
 * with more voters than its list, and resolves it when a reading observed later brings the count back
 * within the list (usually a list change).
 */
public class OverListDetector extends KeyedProcessFunction<String, StationReading, Finding> {

    public static final String RULE_ID = "over-100-percent";

    private final DetectorConfig config;
    private transient Episodes<Void> episode;
    private transient ValueState<Long> lastOverAt;

    public OverListDetector(DetectorConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        episode = Episodes.in(getRuntimeContext().getState(new ValueStateDescriptor<>("over-list-open", Finding.class)));
        lastOverAt = getRuntimeContext().getState(new ValueStateDescriptor<>("over-list-last-over-at", Long.class));
    }

    @Override
    public void processElement(StationReading r, Context ctx, Collector<Finding> out) throws Exception {
        boolean over = r.stationVoted() > r.registered();
        Finding.Figures figures = Finding.Figures.area(r.stationVoted(), r.registered());
        if (episode.current(null) == null) {
            if (over) {
                episode.open(null, StationFindings.found(RULE_ID, AnomalyKind.OVER_100_PERCENT, r.stationId(), config,
                        r.observedMillis(), r.offsetSeconds(), BigDecimal.valueOf(r.stationVoted()),
                        BigDecimal.valueOf(r.registered()), figures), out);
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
            episode.resolve(null, r.observedMillis(), r.offsetSeconds(), BigDecimal.valueOf(r.stationVoted()),
                    BigDecimal.valueOf(r.registered()), figures, out);
            lastOverAt.clear();
        }
    }
}
