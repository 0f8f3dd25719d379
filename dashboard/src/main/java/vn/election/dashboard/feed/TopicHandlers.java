package vn.election.dashboard.feed;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import vn.election.dashboard.DashboardMetrics;
import vn.election.dashboard.state.Acknowledgement;
import vn.election.dashboard.state.AcknowledgementCodec;
import vn.election.dashboard.state.DashboardState;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.alert.AlertCodec;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshotCodec;

/** Which store each followed topic feeds: the decoder and the store of units, alerts, acknowledgements and history. */
public final class TopicHandlers {

    private TopicHandlers() {
    }

    /** The handler of every followed topic, keyed by its full name. */
    public static Map<String, KafkaFeed.FeedHandler> of(DashboardState state, String prefix, DashboardMetrics metrics) {
        Map<String, KafkaFeed.FeedHandler> h = new LinkedHashMap<>();
        h.put(Topics.UNITS.withPrefix(prefix).name(), new DecodingHandler<>("units", UnitSnapshotCodec::decode,
                s -> {
                    UnitStore.Outcome outcome = state.units().offer(s);
                    if (outcome == UnitStore.Outcome.APPLIED) {
                        state.completions().offer(s);   // polling areas' completion times, for the reports
                    }
                    return outcome.name().toLowerCase(Locale.ROOT);
                }, metrics));
        h.put(Topics.ALERTS.withPrefix(prefix).name(), new DecodingHandler<>("alerts", AlertCodec::decode,
                state.alerts()::offer, metrics));
        h.put(Topics.ALERT_ACKS.withPrefix(prefix).name(), new DecodingHandler<Acknowledgement>("alert_acks",
                AcknowledgementCodec::decode, state.alerts()::acknowledge, metrics));
        h.put(Topics.HISTORY.withPrefix(prefix).name(), new DecodingHandler<>("history", HistoryPointCodec::decode,
                point -> {
                    state.completions().offer(point);   // the units' completion times, for reports at a past time
                    return state.history().offer(point);
                }, metrics));
        h.put(Topics.CORRECTIONS.withPrefix(prefix).name(), new CorrectionHandler(state.corrections(), metrics));
        return h;
    }
}
