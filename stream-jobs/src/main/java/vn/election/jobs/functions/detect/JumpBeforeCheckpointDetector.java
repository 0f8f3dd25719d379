package vn.election.jobs.functions.detect;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.AnomalyKind;

/**
 * Per polling area (keyed by station id): fires JUMP_TO_100_BEFORE_CHECKPOINT when a reading observed in
 * the jumpWindow up to a checkpoint hour (local, both ends included) takes the area from below its list
 * to exactly its list with a jump of at least jumpMinPoints of the list since the area's previous reading
 * (at most jumpMaxGap earlier), and resolves it when the checkpoint passes (event time).
 *
 * <p>Reaching 100% is normal (most Vietnamese areas do); reaching it in one leap just before figures are
 * published is what looks like padding. Exactly 100%: a leap past the list is a count over the list,
 * which {@link OverListDetector} reports as critical, and is what a mistyped count (too high, corrected
 * next time) looks like; a padded figure lands on the list. Per-voter check-ins move one voter at a time
 * and never leap; an area's normal afternoon pace (under 5 points an hour) never reaches jumpMinPoints
 * between two reports. An area back from hours of silence (or reporting for the first time) has no
 * recent figure to leap from: its voters may have come at any time.
 */
public class JumpBeforeCheckpointDetector extends KeyedProcessFunction<String, StationReading, Finding> {

    public static final String RULE_ID = "jump-to-100-before-checkpoint";

    private final DetectorConfig config;
    /** Open episodes by the checkpoint (epoch millis) that resolves them; the event-time timers use the same key. */
    private transient Episodes<Long> open;

    public JumpBeforeCheckpointDetector(DetectorConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        open = Episodes.in(getRuntimeContext().getMapState(new MapStateDescriptor<>("jump-open", Long.class, Finding.class)));
    }

    @Override
    public void processElement(StationReading r, Context ctx, Collector<Finding> out) throws Exception {
        OffsetDateTime checkpoint = checkpointJumpedBefore(r, config);
        if (checkpoint == null) {
            return;
        }
        long checkpointMillis = checkpoint.toInstant().toEpochMilli();
        boolean opened = open.open(checkpointMillis, StationFindings.found(RULE_ID,
                AnomalyKind.JUMP_TO_100_BEFORE_CHECKPOINT, r.stationId(), config, r.observedMillis(), r.offsetSeconds(),
                StationFindings.decimal(jumpPoints(r), 2), StationFindings.decimal(config.jumpMinPoints(), 2),
                Finding.Figures.jump(r.stationVotedBefore(), r.stationVoted(), r.registered(), checkpointMillis)), out);
        if (!opened) {
            return;
        }
        // A reading delivered after the checkpoint already passed gets a timer in the past: it fires with
        // the next watermark, so the episode still closes.
        ctx.timerService().registerEventTimeTimer(checkpointMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Finding> out) throws Exception {
        Finding episode = open.current(timestamp);
        if (episode != null) {
            open.resolve(timestamp, timestamp, episode.offsetSeconds(), episode.value(), episode.threshold(),
                    episode.figures(), out);
        }
    }

    /**
     * The checkpoint {@code r} jumped to 100% just before, or null: observed at most jumpWindow before a
     * checkpoint hour, from below the list to exactly all of it, by at least jumpMinPoints of the list since
     * the area's previous reading, at most jumpMaxGap earlier. Shared with {@link SurgeDetector}, which leaves such a jump to this rule.
     */
    static OffsetDateTime checkpointJumpedBefore(StationReading r, DetectorConfig config) {
        long list = r.registered();
        if (list <= 0 || r.stationVotedBefore() >= list || r.stationVoted() != list
                || jumpPoints(r) < config.jumpMinPoints() || r.previousObservedMillis() == Long.MIN_VALUE
                || r.observedMillis() - r.previousObservedMillis() > config.jumpMaxGap().toMillis()) {
            return null;
        }
        OffsetDateTime local = StationFindings.local(r.observedMillis(), r.offsetSeconds());
        for (int hour : config.checkpointHoursLocal()) {
            OffsetDateTime checkpoint = local.with(LocalTime.of(hour, 0));
            if (!local.isAfter(checkpoint) && !local.plus(config.jumpWindow()).isBefore(checkpoint)) {
                return checkpoint;
            }
        }
        return null;
    }

    /** Percentage points of the list the reading added to the area. */
    private static double jumpPoints(StationReading r) {
        return 100.0 * (r.stationVoted() - r.stationVotedBefore()) / r.registered();
    }
}
