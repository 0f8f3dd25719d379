package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.Alert;
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
public class SilenceDetector extends KeyedProcessFunction<String, StationReading, Alert> {

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
    private transient ValueState<Alert> open;

    public SilenceDetector(DetectorConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        watch = getRuntimeContext().getState(new ValueStateDescriptor<>("silence-watch", Watch.class));
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("silence-open", Alert.class));
    }

    @Override
    public void processElement(StationReading r, Context ctx, Collector<Alert> out) throws Exception {
        Watch w = watch.value();
        // A reading observed before the latest one (delivered late) says nothing about the time since.
        boolean later = w == null || r.observedMillis() > w.latestMillis();
        Alert episode = open.value();
        if (episode != null && later) {
            long silent = StationAlerts.minutes(w.latestMillis(), r.observedMillis());
            // Observed before the threshold had passed: the area was reporting all along and its readings
            // were held back on the way, which event time cannot know until they arrive.
            boolean heldBack = r.observedMillis() < w.latestMillis() + config.silenceThreshold().toMillis();
            out.collect(episode.resolved(StationAlerts.time(r.observedMillis(), r.offsetSeconds()),
                    BigDecimal.valueOf(silent), heldBack
                            ? "Polling area " + r.stationId() + " was not silent: a reading it observed at "
                            + StationAlerts.clock(r.observedMillis(), r.offsetSeconds())
                            + " arrived late, held back on the way."
                            : "Polling area " + r.stationId() + " reported again at "
                            + StationAlerts.clock(r.observedMillis(), r.offsetSeconds()) + " after " + silent
                            + " minutes without a reading."));
            open.clear();
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
                Alert firing = firing(ctx.getCurrentKey(), w, due);
                out.collect(firing);
                long silent = StationAlerts.minutes(w.latestMillis(), r.observedMillis());
                out.collect(firing.resolved(StationAlerts.time(r.observedMillis(), r.offsetSeconds()),
                        BigDecimal.valueOf(silent), "Polling area " + r.stationId() + " reported again at "
                                + StationAlerts.clock(r.observedMillis(), r.offsetSeconds()) + " after " + silent
                                + " minutes without a reading."));
            }
        }
        long timer = r.observedMillis() + config.silenceThreshold().toMillis();
        ctx.timerService().registerEventTimeTimer(timer);
        watch.update(new Watch(r.observedMillis(), r.offsetSeconds(), timer, r.stationVoted(), r.registered()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Watch w = watch.value();
        if (w == null || w.timerMillis() != timestamp) {
            return;
        }
        OffsetDateTime local = StationAlerts.local(timestamp, w.offsetSeconds());
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
        Alert firing = firing(ctx.getCurrentKey(), w, timestamp);
        out.collect(firing);
        open.update(firing);
        watch.update(w.withTimer(NO_TIMER));
    }

    /** When a silence after a reading at {@code latest} is due: the threshold later, counted from opening if earlier. */
    private long dueAt(long latest, int offsetSeconds) {
        long due = latest + config.silenceThreshold().toMillis();
        OffsetDateTime local = StationAlerts.local(due, offsetSeconds);
        if (local.toLocalTime().isBefore(config.pollsOpenLocal())) {
            due = local.with(config.pollsOpenLocal()).plus(config.silenceThreshold()).toInstant().toEpochMilli();
        }
        return due;
    }

    private boolean inPollingHours(long millis, int offsetSeconds) {
        LocalTime clock = StationAlerts.local(millis, offsetSeconds).toLocalTime();
        return !clock.isBefore(config.pollsOpenLocal()) && clock.isBefore(config.pollsCloseLocal());
    }

    private boolean nearlyComplete(Watch w) {
        return w.registered() > 0 && w.voted() * 100.0 >= config.silenceCompletePercent() * w.registered();
    }

    private Alert firing(String stationId, Watch w, long at) {
        long silent = StationAlerts.minutes(w.latestMillis(), at);
        String since = StationAlerts.time(w.latestMillis(), w.offsetSeconds());
        return StationAlerts.firing(RULE_ID, AnomalyKind.SILENT_STATION, stationId, config,
                BigDecimal.valueOf(silent), BigDecimal.valueOf(config.silenceThreshold().toMinutes()), since,
                "Polling area " + stationId + " has sent no reading for " + silent + " minutes, since "
                        + StationAlerts.clock(w.latestMillis(), w.offsetSeconds()) + ", with "
                        + StationAlerts.count(w.voted()) + " of " + StationAlerts.count(w.registered())
                        + " voters counted (" + StationAlerts.percent(w.voted(), w.registered()) + "%).");
    }
}
