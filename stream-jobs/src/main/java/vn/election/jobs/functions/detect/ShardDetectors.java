package vn.election.jobs.functions.detect;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.OutputTag;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import vn.election.jobs.functions.shard.ShardPlan;
import vn.election.jobs.functions.shard.ShardState;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.ShardReading;
import vn.election.jobs.records.UnitDelta;
import vn.election.model.alert.AnomalyKind;

/**
 * The five station anomaly detectors as the shard stage runs them, on the shard's {@link StationWatches}:
 * the same rules, rule ids, starts, values and figures as the per-station functions of this package
 * (OverListDetector, CounterDecreaseDetector, SurgeDetector, SilenceDetector, JumpBeforeCheckpointDetector),
 * so both hot paths give the same alerts. Time-based rules (silence, the end of a jump's checkpoint) share one
 * event-time timer per shard, rounded up to the minute ({@link #TIMER_RESOLUTION_MILLIS}): a finding a timer
 * raises comes at most a minute of event time after its due time, with the due time's own figures and start.
 * Episodes open and end through {@link Episodes}' transitions, on the shard's arrays.
 */
public class ShardDetectors implements Serializable {

    /** Findings of the station detectors, beside the shard stage's main output. */
    public static final OutputTag<Finding> FINDINGS = new OutputTag<>("station-findings", TypeInformation.of(Finding.class));

    /** Event-time timers of a shard fall on whole minutes: one timer serves every area due in that minute. */
    public static final long TIMER_RESOLUTION_MILLIS = 60_000;

    private static final long DAY = 86_400_000L;

    private final DetectorConfig config;
    private transient long openMillis;
    private transient long closeMillis;
    private transient long threshold;

    public ShardDetectors(DetectorConfig config) {
        this.config = config;
    }

    public void open() {
        openMillis = config.pollsOpenLocal().toNanoOfDay() / 1_000_000;
        closeMillis = config.pollsCloseLocal().toNanoOfDay() / 1_000_000;
        threshold = config.silenceThreshold().toMillis();
    }

    /** Empty watches for a shard of {@code areas} areas with room for {@code sources} sources. */
    public StationWatches fresh(int areas, int sources) {
        long window = config.surgeWindow().toMillis();
        long span = Math.max(1, config.surgeMinSpan().toMillis());
        // A trail holds its anchor, the readings after it (under a window old, at least a span apart) and the new one.
        int capacity = (int) Math.min(64, (window + span - 1) / span + 2);
        return StationWatches.fresh(areas, sources, capacity);
    }

    /**
     * One accepted reading of {@code area} from source index {@code src}; the shard state already holds its
     * effect, the arguments say what was there before it.
     *
     * @param sourceBefore the source's previous count, or -1 for its first reading
     */
    public void onReading(ShardPlan.Shard shard, ShardState s, int area, int src, ShardReading r, long sourceBefore,
                          long areaBefore, long registeredBefore, long observedBefore,
                          KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        StationWatches w = s.watches;
        String station = shard.areaIds[area];
        overList(w, area, station, s.voted[area], s.registered[area], r, ctx);
        decrease(w, src, station, sourceBefore, r, ctx);
        long checkpoint = checkpointJumpedBefore(areaBefore, s.voted[area], s.registered[area], r.observedMillis(),
                observedBefore, r.offsetSeconds(), config);
        surge(w, src, station, sourceBefore, s.registered[area], checkpoint != StationWatches.NONE, r, ctx);
        silence(w, area, station, areaBefore, registeredBefore, r, ctx);
        if (checkpoint != StationWatches.NONE && !w.jumpOpenFor(area, checkpoint)) {
            jump(w, area, station, areaBefore, s.voted[area], s.registered[area], checkpoint, r, ctx);
        }
    }

    /** The shard's event-time timer at {@code time}: every silence and checkpoint due by then. */
    public void onEventTime(ShardPlan.Shard shard, ShardState s, long time,
                            KeyedProcessFunction<Integer, ShardReading, UnitDelta>.OnTimerContext ctx) {
        StationWatches w = s.watches;
        if (time < w.nextTimer) {
            return;   // a later timer replaced by an earlier one: that one already scanned
        }
        w.nextTimer = StationWatches.NONE;
        long next = StationWatches.NONE;
        for (int a = 0; a < shard.areaCount(); a++) {
            // A timer set while handling one may be due by now too, as Flink fires timers set at or before the watermark.
            while (w.silenceDue[a] != StationWatches.NONE && w.silenceDue[a] <= time) {
                silenceDue(w, a, shard.areaIds[a], s.voted[a], s.registered[a], w.silenceDue[a], ctx);
            }
            if (w.silenceDue[a] != StationWatches.NONE && (next == StationWatches.NONE || w.silenceDue[a] < next)) {
                next = w.silenceDue[a];
            }
        }
        for (int i = w.jumpArea.length - 1; i >= 0; i--) {
            long checkpoint = w.jumpCheckpoint[i];
            if (checkpoint <= time) {
                Finding episode = w.jumpOpen[i];
                Episodes.emitResolved(episode, checkpoint, episode.offsetSeconds(), episode.value(), episode.threshold(),
                        episode.figures(), findings(ctx));
                w.removeJump(i);
            } else if (next == StationWatches.NONE || checkpoint < next) {
                next = checkpoint;
            }
        }
        if (next != StationWatches.NONE) {
            timer(w, next, ctx);
        }
    }

    private void overList(StationWatches w, int area, String station, long voted, long list, ShardReading r,
                          KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        boolean over = voted > list;
        Finding episode = w.overOpen[area];
        if (episode == null) {
            if (over) {
                w.overOpen[area] = Episodes.emitOpened(StationFindings.found(OverListDetector.RULE_ID,
                        AnomalyKind.OVER_100_PERCENT, station, config, r.observedMillis(), r.offsetSeconds(),
                        BigDecimal.valueOf(voted), BigDecimal.valueOf(list), Finding.Figures.area(voted, list)),
                        findings(ctx));
                w.overLastAt[area] = r.observedMillis();
            }
            return;
        }
        long since = w.overLastAt[area];
        if (over) {
            w.overLastAt[area] = Math.max(since, r.observedMillis());
        } else if (r.observedMillis() >= since) {
            w.overOpen[area] = Episodes.emitResolved(episode, r.observedMillis(), r.offsetSeconds(),
                    BigDecimal.valueOf(voted), BigDecimal.valueOf(list), Finding.Figures.area(voted, list), findings(ctx));
        }
    }

    private void decrease(StationWatches w, int src, String station, long lastCount, ShardReading r,
                          KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        long count = r.voted();
        long beforeCount = w.countBefore[src];
        Finding episode = w.decreaseOpen[src];
        if (episode != null) {
            if (count >= w.decreaseLevel[src]) {
                w.decreaseOpen[src] = Episodes.emitResolved(episode, r.observedMillis(), r.offsetSeconds(),
                        BigDecimal.valueOf(count), episode.threshold(),
                        Finding.Figures.source(r.source(), count, w.decreaseLevel[src], 0), findings(ctx));
            }
        } else if (lastCount >= 0 && beforeCount >= 0) {
            long reference = Math.min(beforeCount, lastCount);
            if (count < reference - config.decreaseToleranceFor(reference)) {
                w.decreaseOpen[src] = Episodes.emitOpened(StationFindings.found(CounterDecreaseDetector.RULE_ID,
                        AnomalyKind.COUNTER_DECREASE, station, config, r.observedMillis(), r.offsetSeconds(),
                        BigDecimal.valueOf(count), BigDecimal.valueOf(reference),
                        Finding.Figures.source(r.source(), count, lastCount, beforeCount)), findings(ctx));
                w.decreaseLevel[src] = lastCount;
            }
        }
        w.countBefore[src] = lastCount;
    }

    private void surge(StationWatches w, int src, String station, long sourceBefore, long list, boolean jumpTo100,
                       ShardReading r, KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        int cap = w.trailCapacity;
        int base = src * cap;
        int length = w.trailLength[src];
        long at = r.observedMillis();
        long count = r.voted();
        if (length == 0) {
            startTrail(w, src, at, count);
            return;
        }
        if (at < w.trailLast[src]) {
            return;   // a reading that goes back in time gives no usable span
        }
        if (at == w.trailLast[src]) {
            // A backlog recorded at one instant counts as if before the whole trail (SurgeDetector).
            long step = count - Math.max(0, sourceBefore);
            for (int i = 0; i < length; i++) {
                w.trailCounts[base + i] += step;
            }
            return;
        }
        int last = length - 1;
        int anchor = 0;
        long window = config.surgeWindow().toMillis();
        for (int i = last; i >= 0; i--) {
            if (at - w.trailMillis[base + i] >= window) {
                anchor = i;
                break;
            }
        }
        long anchorAt = w.trailMillis[base + anchor];
        long span = at - anchorAt;
        long jump = count - w.trailCounts[base + anchor];
        double rate = jump / (Math.max(span, config.surgeMinSpan().toMillis()) / 60_000.0);
        double capacity = config.surgeCapacityFor(list);
        boolean pollsOpen = localMillisOfDay(at, r.offsetSeconds()) < closeMillis;
        boolean surge = pollsOpen && !jumpTo100 && rate > capacity && jump >= config.surgeMinJump();
        Finding episode = w.surgeOpen[src];
        if (episode == null ? surge : !surge) {
            BigDecimal measured = StationFindings.decimal(rate, 1);
            BigDecimal limit = StationFindings.decimal(capacity, 1);
            Finding.Figures figures = Finding.Figures.rate(r.source(), jump,
                    Math.max(1, StationFindings.minutes(anchorAt, at)), list);
            w.surgeOpen[src] = surge
                    ? Episodes.emitOpened(StationFindings.found(SurgeDetector.RULE_ID, AnomalyKind.SURGE, station, config,
                            at, r.offsetSeconds(), measured, limit, figures), findings(ctx))
                    : Episodes.emitResolved(episode, at, r.offsetSeconds(), measured, limit, figures, findings(ctx));
        }
        if (jumpTo100) {
            startTrail(w, src, at, count);
            return;
        }
        // The trail from the anchor on, with this reading if it is far enough on (SurgeDetector.advance).
        boolean append = at - w.trailMillis[base + last] >= config.surgeMinSpan().toMillis();
        int kept = last - anchor + 1;
        System.arraycopy(w.trailMillis, base + anchor, w.trailMillis, base, kept);
        System.arraycopy(w.trailCounts, base + anchor, w.trailCounts, base, kept);
        if (append) {
            if (kept == cap) {
                // Cannot happen with the capacity fresh() gives; dropping the oldest keeps the newest rates.
                System.arraycopy(w.trailMillis, base + 1, w.trailMillis, base, cap - 1);
                System.arraycopy(w.trailCounts, base + 1, w.trailCounts, base, cap - 1);
                kept--;
            }
            w.trailMillis[base + kept] = at;
            w.trailCounts[base + kept] = count;
            kept++;
        }
        w.trailLength[src] = kept;
        w.trailLast[src] = at;
    }

    private static void startTrail(StationWatches w, int src, long at, long count) {
        int base = src * w.trailCapacity;
        w.trailMillis[base] = at;
        w.trailCounts[base] = count;
        w.trailLength[src] = 1;
        w.trailLast[src] = at;
    }

    private void silence(StationWatches w, int area, String station, long votedBefore, long listBefore, ShardReading r,
                         KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        long latest = w.silenceLatest[area];
        boolean watched = latest != StationWatches.NONE;
        long observed = r.observedMillis();
        boolean later = !watched || observed > latest;
        Finding episode = w.silenceOpen[area];
        if (episode != null && later) {
            long silent = StationFindings.minutes(latest, observed);
            boolean heldBack = observed < latest + threshold;
            w.silenceOpen[area] = Episodes.emitResolved(episode, observed, r.offsetSeconds(), BigDecimal.valueOf(silent),
                    episode.threshold(), Finding.Figures.silenceEnded(heldBack), findings(ctx));
        }
        if (!later) {
            return;
        }
        if (watched && w.silenceDue[area] != StationWatches.NONE) {
            // A replay outran the watermark: the gap itself proves the silence, with the start the timer would give.
            int offset = w.silenceOffset[area];
            long due = dueAt(latest, offset);
            if (episode == null && due <= observed && inPollingHours(due, offset)
                    && !nearlyComplete(votedBefore, listBefore)) {
                Finding found = Episodes.emitOpened(silenceFound(station, latest, offset, votedBefore, listBefore, due),
                        findings(ctx));
                Episodes.emitResolved(found, observed, r.offsetSeconds(),
                        BigDecimal.valueOf(StationFindings.minutes(latest, observed)), found.threshold(),
                        Finding.Figures.silenceEnded(false), findings(ctx));
            }
        }
        w.silenceLatest[area] = observed;
        w.silenceOffset[area] = r.offsetSeconds();
        w.silenceDue[area] = observed + threshold;
        timer(w, observed + threshold, ctx);
    }

    /** An area's silence came due at {@code due} (the watermark passed it). */
    private void silenceDue(StationWatches w, int area, String station, long voted, long list, long due,
                            KeyedProcessFunction<Integer, ShardReading, UnitDelta>.OnTimerContext ctx) {
        int offset = w.silenceOffset[area];
        long clock = localMillisOfDay(due, offset);
        if (clock >= closeMillis) {
            // Polls have closed: an area that stops reporting now is done for the day, not silent.
            w.silenceDue[area] = StationWatches.NONE;
            w.silenceLatest[area] = StationWatches.NONE;
            return;
        }
        if (clock < openMillis) {
            w.silenceDue[area] = due - clock + openMillis + threshold;
            return;
        }
        w.silenceDue[area] = StationWatches.NONE;
        if (nearlyComplete(voted, list)) {
            return;
        }
        w.silenceOpen[area] = Episodes.emitOpened(silenceFound(station, w.silenceLatest[area], offset, voted, list, due),
                findings(ctx));
    }

    private Finding silenceFound(String station, long latest, int offset, long voted, long list, long at) {
        return StationFindings.found(SilenceDetector.RULE_ID, AnomalyKind.SILENT_STATION, station, config, latest, offset,
                BigDecimal.valueOf(StationFindings.minutes(latest, at)),
                BigDecimal.valueOf(config.silenceThreshold().toMinutes()), Finding.Figures.area(voted, list));
    }

    private void jump(StationWatches w, int area, String station, long before, long voted, long list, long checkpoint,
                      ShardReading r, KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        double points = 100.0 * (voted - before) / list;
        Finding found = Episodes.emitOpened(StationFindings.found(JumpBeforeCheckpointDetector.RULE_ID,
                AnomalyKind.JUMP_TO_100_BEFORE_CHECKPOINT, station, config, r.observedMillis(), r.offsetSeconds(),
                StationFindings.decimal(points, 2), StationFindings.decimal(config.jumpMinPoints(), 2),
                Finding.Figures.jump(before, voted, list, checkpoint)), findings(ctx));
        w.addJump(area, checkpoint, found);
        timer(w, checkpoint, ctx);
    }

    /** Where findings go: the shard stage's side output (made only when an episode opens or ends). */
    private static Consumer<Finding> findings(KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        return f -> ctx.output(FINDINGS, f);
    }

    /** Makes sure the shard has an event-time timer by {@code due}, on the minute; one per minute at most. */
    private static void timer(StationWatches w, long due,
                              KeyedProcessFunction<Integer, ShardReading, UnitDelta>.Context ctx) {
        long at = Math.floorDiv(due + TIMER_RESOLUTION_MILLIS - 1, TIMER_RESOLUTION_MILLIS) * TIMER_RESOLUTION_MILLIS;
        if (w.nextTimer == StationWatches.NONE || at < w.nextTimer) {
            w.nextTimer = at;
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    /** When a silence after a reading at {@code latest} is due: the threshold later, counted from opening if earlier. */
    private long dueAt(long latest, int offsetSeconds) {
        long due = latest + threshold;
        long clock = localMillisOfDay(due, offsetSeconds);
        return clock < openMillis ? due - clock + openMillis + threshold : due;
    }

    private boolean inPollingHours(long millis, int offsetSeconds) {
        long clock = localMillisOfDay(millis, offsetSeconds);
        return clock >= openMillis && clock < closeMillis;
    }

    private boolean nearlyComplete(long voted, long list) {
        return list > 0 && voted * 100.0 >= config.silenceCompletePercent() * list;
    }

    /** Milliseconds since local midnight at {@code millis} in the reporter's offset (no allocation). */
    static long localMillisOfDay(long millis, int offsetSeconds) {
        return Math.floorMod(millis + offsetSeconds * 1000L, DAY);
    }

    /**
     * The checkpoint (epoch millis) a reading jumped to 100% just before, or {@link StationWatches#NONE}: the
     * rule of {@link JumpBeforeCheckpointDetector}, on the area's figures before and after the reading.
     */
    static long checkpointJumpedBefore(long votedBefore, long voted, long list, long observed, long previousObserved,
                                       int offsetSeconds, DetectorConfig config) {
        if (list <= 0 || votedBefore >= list || voted != list
                || 100.0 * (voted - votedBefore) / list < config.jumpMinPoints() || previousObserved == Long.MIN_VALUE
                || observed - previousObserved > config.jumpMaxGap().toMillis()) {
            return StationWatches.NONE;
        }
        long midnight = observed - localMillisOfDay(observed, offsetSeconds);
        long window = config.jumpWindow().toMillis();
        for (int hour : config.checkpointHoursLocal()) {
            long checkpoint = midnight + hour * 3_600_000L;
            if (observed <= checkpoint && observed + window >= checkpoint) {
                return checkpoint;
            }
        }
        return StationWatches.NONE;
    }

    public DetectorConfig config() {
        return config;
    }
}
