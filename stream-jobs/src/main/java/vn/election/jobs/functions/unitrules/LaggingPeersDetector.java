package vn.election.jobs.functions.unitrules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * A unit far below its siblings at the same time (keyed by the parent): on each update of a child,
 * the children whose figures are as of within {@code sameTime} of it are compared by a robust score
 * (gap to the median in units of 1.4826 × median absolute deviation), never a global threshold: normal
 * Vietnamese turnout is above 99%, and paces differ by region through the day.
 */
public class LaggingPeersDetector extends KeyedProcessFunction<String, UnitUpdate, Alert> {

    static final String RULE = "lagging-peers";

    private final RegistryRef registryRef;
    private final UnitRulesConfig config;
    private transient Registry registry;
    private transient MapState<String, UnitFigures> children;
    private transient MapState<String, Alert> open;

    public LaggingPeersDetector(RegistryRef registryRef, UnitRulesConfig config) {
        this.registryRef = registryRef;
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        registry = registryRef.load();
        children = getRuntimeContext().getMapState(new MapStateDescriptor<>("children", TypeInformation.of(String.class),
                TypeInformation.of(UnitFigures.class)));
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-episodes", TypeInformation.of(String.class),
                TypeInformation.of(Alert.class)));
    }

    @Override
    public void processElement(UnitUpdate update, Context ctx, Collector<Alert> out) throws Exception {
        if (!config.peerLevels().contains(registry.unit(update.unitId()).level())) {
            return;
        }
        children.put(update.unitId(), update.figures());
        long asOf = update.figures().latestObservedMillis();
        java.time.LocalTime local = java.time.Instant.ofEpochMilli(asOf)
                .atOffset(java.time.ZoneOffset.ofTotalSeconds(update.figures().latestOffsetSeconds())).toLocalTime();
        if (!update.figures().hasObservation() || local.isBefore(config.peersFromLocal())
                || !local.isBefore(config.peersUntilLocal())) {
            return;
        }
        List<Map.Entry<String, UnitFigures>> peers = new ArrayList<>();
        for (Map.Entry<String, UnitFigures> e : children.entries()) {
            UnitFigures f = e.getValue();
            if (f.hasObservation() && Math.abs(f.latestObservedMillis() - asOf) <= config.sameTime().toMillis()
                    && !Double.isNaN(UnitAlerts.turnout(f))) {
                peers.add(Map.entry(e.getKey(), f));
            }
        }
        if (peers.size() < config.minPeers()) {
            return;
        }
        double[] values = peers.stream().mapToDouble(e -> UnitAlerts.turnout(e.getValue())).toArray();
        double median = median(values);
        double mad = median(Arrays.stream(values).map(v -> Math.abs(v - median)).toArray());
        // A floor on the spread: when all siblings are nearly equal, a tiny gap is not an anomaly.
        double spread = Math.max(1.4826 * mad, 0.5);
        for (Map.Entry<String, UnitFigures> peer : peers) {
            judge(peer.getKey(), peer.getValue(), median, spread, out);
        }
    }

    private void judge(String childId, UnitFigures f, double median, double spread, Collector<Alert> out)
            throws Exception {
        double gap = median - UnitAlerts.turnout(f);
        double score = gap / spread;
        Alert episode = open.get(childId);
        String at = UnitAlerts.time(f.latestObservedMillis(), f.latestOffsetSeconds());
        BigDecimal value = BigDecimal.valueOf(score).setScale(2, RoundingMode.HALF_UP);
        if (episode == null && gap >= config.minGapPoints() && score >= config.robustScore()) {
            Unit unit = registry.unit(childId);
            Alert firing = UnitAlerts.firing(RULE, AnomalyKind.LAGGING_PEERS.name(), unit, "warning", value,
                    BigDecimal.valueOf(config.robustScore()), at, String.format(
                            "%s is at %.2f%%, %.1f points below the median of its %s peers (robust score %.1f)",
                            unit.name(), UnitAlerts.turnout(f), gap, unit.level(), score));
            open.put(childId, firing);
            out.collect(firing);
        } else if (episode != null && gap < config.minGapPoints() / 2) {
            // Resolve with hysteresis, so a unit hovering at the threshold does not flap.
            open.remove(childId);
            out.collect(episode.resolved(at, value, "back within " + String.format("%.1f", gap)
                    + " points of its peers"));
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
