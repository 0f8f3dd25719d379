package vn.election.jobs.functions.unitrules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.functions.detect.Episodes;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * A unit far below its siblings at the same time (keyed by the parent): siblings are compared within
 * one 5-minute bucket of event time (their history points), once the watermark has passed the bucket's end
 * (one event-time timer per parent and bucket), so every sibling's closed point for it is in; by a robust
 * score (gap to the median in units of 1.4826 × median absolute deviation), never a global threshold: normal
 * Vietnamese turnout is above 99%, and paces differ by region through the day. Event time, not arrival order,
 * decides what is "the same time", so a replay finds what a live day finds. An amended point is judged again at
 * the next watermark.
 */
public class LaggingPeersDetector extends KeyedProcessFunction<String, HistoryPoint, Finding> {

    static final String RULE = "lagging-peers";
    /** Share of siblings that must have a point for a bucket for it to be judged (the others have not reported yet). */
    private static final double QUORUM = 0.5;
    private static final long KEEP_MILLIS = 60 * 60 * 1000L;

    private final RegistryRef registryRef;
    private final UnitRulesConfig config;
    private transient Registry registry;
    private transient MapState<String, HistoryPoint> points;   // "bucketEnd|child" -> point
    private transient MapState<Long, Integer> arrived;         // bucketEnd -> siblings in
    private transient ValueState<Long> newest;
    private transient Episodes<String> open;

    public LaggingPeersDetector(RegistryRef registryRef, UnitRulesConfig config) {
        this.registryRef = registryRef;
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        registry = registryRef.load();
        points = getRuntimeContext().getMapState(new MapStateDescriptor<>("points", TypeInformation.of(String.class),
                TypeInformation.of(HistoryPoint.class)));
        arrived = getRuntimeContext().getMapState(new MapStateDescriptor<>("arrived", TypeInformation.of(Long.class),
                TypeInformation.of(Integer.class)));
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-bucket", Long.class));
        open = Episodes.in(getRuntimeContext().getMapState(new MapStateDescriptor<>("open-episodes",
                TypeInformation.of(String.class), TypeInformation.of(Finding.class))));
    }

    @Override
    public void processElement(HistoryPoint point, Context ctx, Collector<Finding> out) throws Exception {
        Unit unit = registry.unit(point.unitId());
        if (unit.isRoot() || !config.peerLevels().contains(unit.level()) || point.registered() <= 0
                || !inWindow(point)) {
            return;
        }
        long bucket = point.bucketEndMillis();
        Long latest = newest.value();
        if (latest != null && bucket < latest - KEEP_MILLIS) {
            return;   // too late to judge against its siblings
        }
        String key = bucket + "|" + point.unitId();
        if (!points.contains(key)) {
            Integer n = arrived.get(bucket);
            arrived.put(bucket, n == null ? 1 : n + 1);
        }
        points.put(key, point);
        if (latest == null || bucket > latest) {
            newest.update(bucket);
            prune(bucket - KEEP_MILLIS);
        }
        // The siblings' points of a bucket leave their stages (on their timers at the bucket's end, which it includes)
        // before those stages forward the watermark that reaches it: judged on a timer at the same instant.
        ctx.timerService().registerEventTimeTimer(bucket);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Finding> out) throws Exception {
        long bucket = timestamp;
        Integer in = arrived.get(bucket);
        int siblings = registry.children(ctx.getCurrentKey()).size();
        if (in != null && in >= config.minPeers() && in >= Math.ceil(QUORUM * siblings)) {
            judge(bucket, out);
        }
    }

    private void judge(long bucket, Collector<Finding> out) throws Exception {
        List<HistoryPoint> peers = new ArrayList<>();
        String prefix = bucket + "|";
        for (Map.Entry<String, HistoryPoint> e : points.entries()) {
            if (e.getKey().startsWith(prefix)) {
                peers.add(e.getValue());
            }
        }
        double[] values = peers.stream().mapToDouble(LaggingPeersDetector::turnout).toArray();
        double median = median(values);
        double mad = median(Arrays.stream(values).map(v -> Math.abs(v - median)).toArray());
        // A floor on the spread: when all siblings are nearly equal, a tiny gap is not an anomaly.
        double spread = Math.max(1.4826 * mad, 0.5);
        for (HistoryPoint p : peers) {
            double gap = median - turnout(p);
            double score = gap / spread;
            Finding episode = open.current(p.unitId());
            BigDecimal value = BigDecimal.valueOf(score).setScale(2, RoundingMode.HALF_UP);
            BigDecimal threshold = BigDecimal.valueOf(config.robustScore());
            Finding.Figures figures = Finding.Figures.peers(
                    BigDecimal.valueOf(turnout(p)).setScale(2, RoundingMode.HALF_UP),
                    BigDecimal.valueOf(gap).setScale(1, RoundingMode.HALF_UP), peers.size());
            if (episode == null && gap >= config.minGapPoints() && score >= config.robustScore()) {
                open.open(p.unitId(), UnitFindings.found(RULE, AnomalyKind.LAGGING_PEERS.name(), registry.unit(p.unitId()),
                        p.bucketEndMillis(), p.offsetSeconds(), value, threshold, figures), out);
            } else if (episode != null && gap < config.minGapPoints() / 2) {
                // Resolve with hysteresis, so a unit hovering at the threshold does not flap.
                open.resolve(p.unitId(), p.bucketEndMillis(), p.offsetSeconds(), value, threshold, figures, out);
            }
        }
    }

    private void prune(long before) throws Exception {
        List<Long> old = new ArrayList<>();
        for (Long b : arrived.keys()) {
            if (b < before) {
                old.add(b);
            }
        }
        for (Long b : old) {
            arrived.remove(b);
        }
        List<String> stale = new ArrayList<>();
        for (String k : points.keys()) {
            if (Long.parseLong(k.substring(0, k.indexOf('|'))) < before) {
                stale.add(k);
            }
        }
        for (String k : stale) {
            points.remove(k);
        }
    }

    private boolean inWindow(HistoryPoint p) {
        LocalTime local = Instant.ofEpochMilli(p.bucketEndMillis()).atOffset(ZoneOffset.ofTotalSeconds(p.offsetSeconds()))
                .toLocalTime();
        return !local.isBefore(config.peersFromLocal()) && !local.isAfter(config.peersUntilLocal());
    }

    private static double turnout(HistoryPoint p) {
        return 100.0 * p.voted() / p.registered();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
