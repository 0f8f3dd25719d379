package vn.election.field.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.field.feed.ReadingSink;
import vn.election.model.reading.Reading;

/**
 * Plays an election day over a registry (see {@link DayPlanner} for what the day holds): readings are
 * observed by each source's {@link Reporter} and delivered, on the simulated clock, through the
 * real-world faults (late, duplicated, in bursts). Keeps the {@link GroundTruth} and the labels of what
 * was injected, so tests and detectors can be checked against them.
 */
public final class ElectionDaySimulator implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ElectionDaySimulator.class);

    private final SimulationConfig config;
    private final ReadingSink sink;
    private final List<StationPlan> plans;
    private final List<InjectedLabel> labels;
    private final GroundTruth truth;
    private final SplittableRandom deliveryRandom;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong observed = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile double clock;

    /** A reading on its way, due for delivery at {@code minute}. */
    private record Delivery(double minute, long order, Reading reading) {
    }

    public ElectionDaySimulator(SimulationConfig config, ReadingSink sink) {
        this.config = config;
        this.sink = sink;
        DayPlanner planner = new DayPlanner(config).plan();
        this.plans = planner.stations();
        this.labels = List.copyOf(planner.labels());
        this.truth = new GroundTruth(config.registry());
        this.deliveryRandom = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        this.clock = config.startMinute();
    }

    /** Polling areas in the day. */
    public int stationCount() {
        return plans.size();
    }

    /** Readings delivered to the sink so far (duplicates included). */
    public long sent() {
        return sent.get();
    }

    /** What was injected, one label each. */
    public List<InjectedLabel> labels() {
        return labels;
    }

    /** The figures the pipeline must end with, from what was delivered so far. */
    public GroundTruth truth() {
        return truth;
    }

    /** The count each polling area reported last, all sources summed. */
    public Map<String, Long> groundTruth() {
        return truth.voted();
    }

    public void stop() {
        stopped.set(true);
    }

    /** True once the day has been played to its end (or stopped) and every reading was flushed. */
    public boolean finished() {
        return finished.getCount() == 0;
    }

    /** Plays the day to the end (or until {@link #stop()}), then flushes the sink. */
    @Override
    public void run() {
        try {
            play();
            sink.flush();
        } finally {
            finished.countDown();
        }
        LOG.info("Simulated day {}: {} readings observed, {} delivered", stopped.get() ? "stopped" : "complete",
                observed.get(), sent.get());
    }

    private void play() {
        PriorityQueue<Reporter> reporters = new PriorityQueue<>((a, b) -> Double.compare(a.nextMinute(), b.nextMinute()));
        SplittableRandom reporterRandom = new SplittableRandom(config.seed() ^ 0x9E3779B97F4A7C15L);
        for (StationPlan p : plans) {
            for (int i = 0; i < p.sources.size(); i++) {
                StationPlan.Source s = p.sources.get(i);
                reporters.add(config.mode() == ReportingMode.CHECKINS
                        ? new CheckinReporter(p, s, config.pollsOpen())
                        : new CheckpointReporter(p, s, i == 0, config.pollsOpen(), reporterRandom.split()));
            }
        }
        PriorityQueue<Delivery> deliveries = new PriorityQueue<>((a, b) -> a.minute != b.minute
                ? Double.compare(a.minute, b.minute) : Long.compare(a.order, b.order));
        long wallStart = System.nanoTime();
        long lastProgress = wallStart;
        long order = 0;
        LOG.info("Simulating {} polling areas ({}) from {} at {}; {} labels", plans.size(),
                config.mode().name().toLowerCase(), config.pollsOpen().plusSeconds(Math.round(config.startMinute() * 60)),
                config.asFastAsPossible() ? "full speed" : config.speed() + "x", labels.size());
        while (!stopped.get() && (!reporters.isEmpty() || !deliveries.isEmpty())) {
            double nextObservation = reporters.isEmpty() ? Double.POSITIVE_INFINITY : reporters.peek().nextMinute();
            double nextDelivery = deliveries.isEmpty() ? Double.POSITIVE_INFINITY : deliveries.peek().minute;
            double now = config.asFastAsPossible() ? Math.min(nextObservation, nextDelivery)
                    : config.startMinute() + (System.nanoTime() - wallStart) / 60e9 * config.speed();
            clock = Math.max(config.startMinute(), now);
            boolean worked = false;
            while (!reporters.isEmpty() && reporters.peek().nextMinute() <= now) {
                Reporter r = reporters.poll();
                StationPlan plan = r.plan;
                double minute = r.nextMinute();
                Reading reading = r.next();
                observed.incrementAndGet();
                for (double at : deliveryTimes(plan, minute)) {
                    deliveries.add(new Delivery(Math.max(at, config.startMinute()), order++, reading));
                }
                if (r.nextMinute() != Double.POSITIVE_INFINITY) {
                    reporters.add(r);
                }
                worked = true;
            }
            while (!deliveries.isEmpty() && deliveries.peek().minute <= now) {
                Reading reading = deliveries.poll().reading;
                sink.send(reading);
                truth.record(reading);
                sent.incrementAndGet();
                worked = true;
            }
            if (System.nanoTime() - lastProgress > 10e9) {
                lastProgress = System.nanoTime();
                logProgress(wallStart);
            }
            if (!worked && !config.asFastAsPossible()) {
                pause();
            }
        }
    }

    /** When a reading observed at {@code minute} arrives: on time, late, held for a burst, or twice. */
    private double[] deliveryTimes(StationPlan plan, double minute) {
        double at = minute;
        if (plan.delayed) {
            at += 5 + deliveryRandom.nextInt(36);
        }
        if (!Double.isNaN(plan.burstFrom) && minute >= plan.burstFrom && minute < plan.burstUntil) {
            at = Math.max(at, plan.burstUntil);
        }
        return plan.duplicates ? new double[] {at, at + 1 + deliveryRandom.nextInt(3)} : new double[] {at};
    }

    /** One progress line: simulated clock, readings delivered, rate, and how long until the day ends. */
    private void logProgress(long wallStart) {
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        double done = clock - config.startMinute();
        double total = config.closeMinute() - config.startMinute();
        double remaining = Math.max(0, total - done);
        long eta = config.asFastAsPossible() ? (long) (wallSeconds / Math.max(1, done) * remaining)
                : (long) (remaining * 60 / config.speed());
        LOG.info("Simulated {} ({}%): {} readings delivered, {}/s; day ends in {} min {} s",
                config.pollsOpen().plusSeconds(Math.round(clock * 60)).toLocalTime(),
                Math.round(100 * Math.min(1, done / total)), sent.get(), Math.round(sent.get() / wallSeconds),
                eta / 60, eta % 60);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Labels of injected anomalies only (the ones detectors are scored on). */
    public List<InjectedLabel> anomalyLabels() {
        List<InjectedLabel> out = new ArrayList<>();
        for (InjectedLabel l : labels) {
            if (l.kind().anomaly()) {
                out.add(l);
            }
        }
        return out;
    }
}
