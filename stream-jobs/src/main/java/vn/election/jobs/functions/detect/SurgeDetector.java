package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.AnomalyKind;

/**
 * Per polling area (keyed by station id), per source: fires SURGE when a source counts voters faster than
 * the area can process them, by observation time, and resolves at the source's next reading that is no
 * longer a surge.
 *
 * <p>For each reading: rate = (count − anchor count) / max(minutes since the anchor, surgeMinSpan), where
 * the anchor is the latest earlier reading at least surgeWindow old (the oldest one remembered while none
 * is). It is a surge when the rate exceeds the area's capacity and the jump is at least surgeMinJump
 * voters. A rate is so measured over about one window: long enough that readings seconds apart
 * (check-ins, a backlog delivered at once) do not look fast, short enough that a jump is not diluted.
 * (An anchor that only moves to the current reading once a window has passed can sit almost two windows
 * back, and halves the rate of a jump reported ten minutes after the previous reading.)
 *
 * <p>Why per source and not on the area's sum: the sum is only as fresh as its stalest source. A mobile
 * box reporting at 08:40 would anchor the sum with the main box's count of 07:43, and the main box's
 * 08:45 report would then look like an hour of voters in five minutes. A source's first reading only
 * starts its trail: what it counted since polls opened has no known span.
 *
 * <p>Not a surge: the count reported at or after close (the final tally, not a flow of voters; an area
 * that fell behind its curve closes with one big step), and a jump to 100% just before a checkpoint,
 * which {@link JumpBeforeCheckpointDetector} reports as what it is.
 *
 * <p>Capacity is the larger of a fixed rate and a share of the list: areas are staffed for their list,
 * and a large area's normal morning peak (some 60% of its voters in the first 80 minutes) would pass a
 * fixed rate that a small area's surge never reaches; see {@link DetectorConfig#surgeCapacityFor(long)}.
 */
public class SurgeDetector extends KeyedProcessFunction<String, StationReading, Finding> {

    public static final String RULE_ID = "surge";

    /**
     * Recent readings of one source, oldest first: the anchor of the last rate and the readings after it,
     * kept at least surgeMinSpan apart (so a device checking in every few seconds keeps a handful).
     *
     * @param lastMillis when the source's latest reading was observed (kept or not)
     */
    public record Trail(long[] millis, long[] counts, long lastMillis) {

        static Trail start(long at, long count) {
            return new Trail(new long[] {at}, new long[] {count}, at);
        }

        /** The same trail with {@code step} voters counted before all of it. */
        Trail shifted(long step) {
            long[] shifted = counts.clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += step;
            }
            return new Trail(millis, shifted, lastMillis);
        }
    }

    private final DetectorConfig config;
    private transient MapState<String, Trail> trails;
    private transient Episodes<String> episodes;

    public SurgeDetector(DetectorConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        trails = getRuntimeContext().getMapState(new MapStateDescriptor<>("surge-trails", String.class, Trail.class));
        episodes = Episodes.in(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("surge-open", String.class, Finding.class)));
    }

    @Override
    public void processElement(StationReading r, Context ctx, Collector<Finding> out) throws Exception {
        Trail trail = trails.get(r.source());
        long at = r.observedMillis();
        if (trail == null) {
            trails.put(r.source(), Trail.start(at, r.sourceVoted()));
            return;
        }
        if (at < trail.lastMillis()) {
            // A source's seq rises with its clock; a reading that goes back in time gives no usable span.
            return;
        }
        if (at == trail.lastMillis()) {
            // Several readings of one source at the very same instant are a backlog being recorded (a
            // poll-book device back from an outage, or catching up at close), not voters walking in: they
            // count as if before the whole trail, so no rate includes them.
            trails.put(r.source(), trail.shifted(r.sourceVoted() - Math.max(0, r.sourceVotedBefore())));
            return;
        }
        int last = trail.millis().length - 1;
        int anchor = 0;
        for (int i = last; i >= 0; i--) {
            if (at - trail.millis()[i] >= config.surgeWindow().toMillis()) {
                anchor = i;
                break;
            }
        }
        long span = at - trail.millis()[anchor];
        long jump = r.sourceVoted() - trail.counts()[anchor];
        double rate = jump / (Math.max(span, config.surgeMinSpan().toMillis()) / 60_000.0);
        double capacity = config.surgeCapacityFor(r.registered());
        boolean pollsOpen = StationFindings.local(at, r.offsetSeconds()).toLocalTime().isBefore(config.pollsCloseLocal());
        boolean jumpTo100 = JumpBeforeCheckpointDetector.checkpointJumpedBefore(r, config) != null;
        boolean surge = pollsOpen && !jumpTo100 && rate > capacity && jump >= config.surgeMinJump();

        Finding episode = episodes.current(r.source());
        if (episode == null ? surge : !surge) {
            // A transition: what was measured goes with it (only then, so a reading allocates nothing more).
            BigDecimal measured = StationFindings.decimal(rate, 1);
            BigDecimal limit = StationFindings.decimal(capacity, 1);
            Finding.Figures figures = Finding.Figures.rate(r.source(), jump,
                    Math.max(1, StationFindings.minutes(trail.millis()[anchor], at)), r.registered());
            if (surge) {
                episodes.open(r.source(), StationFindings.found(RULE_ID, AnomalyKind.SURGE, r.stationId(), config, at,
                        r.offsetSeconds(), measured, limit, figures), out);
            } else {
                episodes.resolve(r.source(), at, r.offsetSeconds(), measured, limit, figures, out);
            }
        }
        // After a jump to 100% (reported by the other rule) rates start again from it, or the readings
        // of the next few minutes would report the same jump as a surge.
        trails.put(r.source(), jumpTo100 ? Trail.start(at, r.sourceVoted()) : advance(trail, anchor, at, r.sourceVoted()));
    }

    /** The trail from the anchor on (later rates never anchor earlier), with this reading if it is far enough on. */
    private Trail advance(Trail trail, int anchor, long at, long count) {
        int last = trail.millis().length - 1;
        boolean append = at - trail.millis()[last] >= config.surgeMinSpan().toMillis();
        int size = last - anchor + 1 + (append ? 1 : 0);
        long[] millis = new long[size];
        long[] counts = new long[size];
        System.arraycopy(trail.millis(), anchor, millis, 0, last - anchor + 1);
        System.arraycopy(trail.counts(), anchor, counts, 0, last - anchor + 1);
        if (append) {
            millis[size - 1] = at;
            counts[size - 1] = count;
        }
        return new Trail(millis, counts, at);
    }
}
