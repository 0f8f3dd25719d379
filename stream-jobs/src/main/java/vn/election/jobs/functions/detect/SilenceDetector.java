package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.AnomalyKind;

/**
 * Per polling area (keyed by station id), in event time: fires SILENT_STATION when no reading has been
 * observed for silenceThreshold while polls are open, and resolves it with the next reading observed
 * after the silence began.
 *
 * <p>Each reading observed later than any before it moves an event-time timer to its time plus the
 * threshold; when the watermark passes the timer nothing newer was observed. The episode starts at the
 * last reading, the moment the area fell silent (what an operator asks: silent since when?), so its
 * {@code started_at} is in the past when it fires. Not silent: a timer that falls after polls close (the
 * area closed; its state is dropped) or before they open (the timer moves to opening time plus the
 * threshold), and an area that has already counted silenceCompletePercent of its list (nobody is left to
 * come, as happens with poll-book devices in the afternoon).
 *
 * <p>Event time cannot tell silence from a connection that holds readings back for longer than the
 * threshold: such an area fires, and the held-back readings resolve it when they arrive.
 */
public class SilenceDetector extends KeyedProcessFunction<String, StationReading, Finding> {

    public static final String RULE_ID = "silent-station";

    /** No timer registered. */
    static final long NO_TIMER = Long.MIN_VALUE;

    /**
     * What the detector watches for one area.
     *
     * @param latestMillis the latest observation time seen
     * @param offsetSeconds the offset of the reading observed then (local hours are the reporter's)
     * @param timerMillis the registered event-time timer, or {@link #NO_TIMER}
     * @param voted the area's count after the last reading
     * @param registered its list after the last reading
     */
    public record Watch(long latestMillis, int offsetSeconds, long timerMillis, long voted, long registered) {

        Watch withTimer(long at) {
            return new Watch(latestMillis, offsetSeconds, at, voted, registered);
        }
    }

    private final DetectorConfig config;
    private transient ValueState<Watch> watch;
    private transient Episodes<Void> open;

    public SilenceDetector(DetectorConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        watch = getRuntimeContext().getState(new ValueStateDescriptor<>("silence-watch", Watch.class));
        open = Episodes.in(getRuntimeContext().getState(new ValueStateDescriptor<>("silence-open", Finding.class)));
    }

    @Override
    public void processElement(StationReading r, Context ctx, Collector<Finding> out) throws Exception {
        Watch w = watch.value();
        // A reading observed before the latest one (delivered late) says nothing about the time since.
        boolean later = w == null || r.observedMillis() > w.latestMillis();
        Finding episode = open.current(null);
        if (episode != null && later) {
            long silent = StationFindings.minutes(w.latestMillis(), r.observedMillis());
            // Observed before the threshold had passed: the area was reporting all along and its readings
            // were held back on the way, which event time cannot know until they arrive.
            boolean heldBack = r.observedMillis() < w.latestMillis() + config.silenceThreshold().toMillis();
            open.resolve(null, r.observedMillis(), r.offsetSeconds(), BigDecimal.valueOf(silent), episode.threshold(),
                    Finding.Figures.silenceEnded(heldBack), out);
        }
        if (!later) {
            watch.update(new Watch(w.latestMillis(), w.offsetSeconds(), w.timerMillis(), r.stationVoted(),
                    r.registered()));
            return;
        }
        if (w != null && w.timerMillis() != NO_TIMER) {
            ctx.timerService().deleteEventTimeTimer(w.timerMillis());
            // In a fast replay hours of event time pass between two watermarks, so the next reading can
            // arrive before the timer could fire: the gap itself proves the silence. Same alert_id as the
            // timer would have given, so live and replay report the same episode.
            long due = dueAt(w.latestMillis(), w.offsetSeconds());
            if (episode == null && due <= r.observedMillis() && inPollingHours(due, w.offsetSeconds())
                    && !nearlyComplete(w)) {
                Finding found = Episodes.emitOpened(found(ctx.getCurrentKey(), w, due), out::collect);
                Episodes.emitResolved(found, r.observedMillis(), r.offsetSeconds(),
                        BigDecimal.valueOf(StationFindings.minutes(w.latestMillis(), r.observedMillis())),
                        found.threshold(), Finding.Figures.silenceEnded(false), out::collect);
            }
        }
        long timer = r.observedMillis() + config.silenceThreshold().toMillis();
        ctx.timerService().registerEventTimeTimer(timer);
        watch.update(new Watch(r.observedMillis(), r.offsetSeconds(), timer, r.stationVoted(), r.registered()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Finding> out) throws Exception {
        Watch w = watch.value();
        if (w == null || w.timerMillis() != timestamp) {
            return;
        }
        OffsetDateTime local = StationFindings.local(timestamp, w.offsetSeconds());
        LocalTime clock = local.toLocalTime();
        if (!clock.isBefore(config.pollsCloseLocal())) {
            // Polls have closed: an area that stops reporting now is done for the day, not silent.
            watch.clear();
            return;
        }
        if (clock.isBefore(config.pollsOpenLocal())) {
            // Silence only counts while polls are open: look again a threshold after opening.
            long again = local.with(config.pollsOpenLocal()).plus(config.silenceThreshold()).toInstant().toEpochMilli();
            ctx.timerService().registerEventTimeTimer(again);
            watch.update(w.withTimer(again));
            return;
        }
        if (nearlyComplete(w)) {
            watch.update(w.withTimer(NO_TIMER));
            return;
        }
        open.open(null, found(ctx.getCurrentKey(), w, timestamp), out);
        watch.update(w.withTimer(NO_TIMER));
    }

    /** When a silence after a reading at {@code latest} is due: the threshold later, counted from opening if earlier. */
    private long dueAt(long latest, int offsetSeconds) {
        long due = latest + config.silenceThreshold().toMillis();
        OffsetDateTime local = StationFindings.local(due, offsetSeconds);
        if (local.toLocalTime().isBefore(config.pollsOpenLocal())) {
            due = local.with(config.pollsOpenLocal()).plus(config.silenceThreshold()).toInstant().toEpochMilli();
        }
        return due;
    }

    private boolean inPollingHours(long millis, int offsetSeconds) {
        LocalTime clock = StationFindings.local(millis, offsetSeconds).toLocalTime();
        return !clock.isBefore(config.pollsOpenLocal()) && clock.isBefore(config.pollsCloseLocal());
    }

    private boolean nearlyComplete(Watch w) {
        return w.registered() > 0 && w.voted() * 100.0 >= config.silenceCompletePercent() * w.registered();
    }

    /** The silence of the area since its latest reading, found at {@code at}; its start is that reading. */
    private Finding found(String stationId, Watch w, long at) {
        return StationFindings.found(RULE_ID, AnomalyKind.SILENT_STATION, stationId, config, w.latestMillis(),
                w.offsetSeconds(), BigDecimal.valueOf(StationFindings.minutes(w.latestMillis(), at)),
                BigDecimal.valueOf(config.silenceThreshold().toMinutes()), Finding.Figures.area(w.voted(), w.registered()));
    }
}
