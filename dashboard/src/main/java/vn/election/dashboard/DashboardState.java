package vn.election.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.election.dashboard.report.CompletionTimes;
import vn.election.model.alert.AlertCodec;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * Everything one instance knows, rebuilt from the compacted topics at start (docs/design.md, decision 7): unit
 * figures, alert episodes with their acknowledgements, curves, units' completion times, and the registry's area index.
 */
record DashboardState(UnitStore units, AlertBoard alerts, HistoryStore history, AreaIndex areas, CompletionTimes completions) {

    static DashboardState of(DashboardConfig config) {
        return new DashboardState(new UnitStore(config.registry()), new AlertBoard(config.registry()),
                new HistoryStore(config.registry(), config.screen().zone()), new AreaIndex(config.registry()),
                new CompletionTimes(config.registry()));
    }

    /** The handler of every followed topic, keyed by its full name. */
    Map<String, KafkaFeed.FeedHandler> handlers(String prefix, DashboardMetrics metrics) {
        Map<String, KafkaFeed.FeedHandler> h = new LinkedHashMap<>();
        h.put(Topics.UNITS.withPrefix(prefix).name(), new DecodingHandler<>("units", UnitSnapshotCodec::decode,
                s -> {
                    UnitStore.Outcome outcome = units.offer(s);
                    if (outcome == UnitStore.Outcome.APPLIED) {
                        completions.offer(s);   // polling areas' completion times, for the reports
                    }
                    return outcome.name().toLowerCase(java.util.Locale.ROOT);
                }, metrics));
        h.put(Topics.ALERTS.withPrefix(prefix).name(), new DecodingHandler<>("alerts", AlertCodec::decode,
                alerts::offer, metrics));
        h.put(Topics.ALERT_ACKS.withPrefix(prefix).name(), new DecodingHandler<Acknowledgement>("alert_acks",
                AcknowledgementCodec::decode, alerts::acknowledge, metrics));
        h.put(Topics.HISTORY.withPrefix(prefix).name(), new DecodingHandler<>("history", HistoryPointCodec::decode, point -> {
            completions.offer(point);    // the units' completion times, for the reports' counts at a past time
            return history.offer(point);
        }, metrics));
        return h;
    }
}
