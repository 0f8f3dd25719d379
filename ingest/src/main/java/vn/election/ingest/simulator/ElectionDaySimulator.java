package vn.election.ingest.simulator;

import vn.election.ingest.feed.ReadingSink;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Plays an election day over a registry: every polling area reports its cumulative count on its own
 * cadence (every 15 to 60 simulated minutes, and at the 9, 11, 13, 15 and 17 h checkpoints), along a
 * morning-heavy curve with a per-province pace, ending near 99.6% with most areas at 100%. Keeps the
 * ground truth (what each area last reported) so a test can check the pipeline's totals exactly.
 */
public final class ElectionDaySimulator implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ElectionDaySimulator.class);
    private static final int[] CHECKPOINT_HOURS = {9, 11, 13, 15, 17};

    private final SimulationConfig config;
    private final ReadingSink sink;
    private final List<Station> stations = new ArrayList<>();
    private final Map<String, Long> groundTruth = new HashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    /** One polling area's plan for the day. */
    private static final class Station {
        final String id;
        final long registered;
        final long finalVoters;
        final double pace;
        final int cadenceMinutes;
        long seq;
        long nextReportMinute;
        int nextCheckpoint;

        Station(String id, long registered, long finalVoters, double pace, int cadenceMinutes, long firstReport) {
            this.id = id;
            this.registered = registered;
            this.finalVoters = finalVoters;
            this.pace = pace;
            this.cadenceMinutes = cadenceMinutes;
            this.nextReportMinute = firstReport;
        }
    }

    public ElectionDaySimulator(SimulationConfig config, ReadingSink sink) {
        this.config = config;
        this.sink = sink;
        plan();
    }

    private void plan() {
        Registry registry = config.registry();
        SplittableRandom random = new SplittableRandom(config.seed());
        Map<String, Double> provincePace = new HashMap<>();
        List<Unit> leaves = new ArrayList<>();
        for (Unit u : registry.units()) {
            if (registry.isLeaf(u.id())) {
                leaves.add(u);
            }
        }
        leaves.sort((a, b) -> a.id().compareTo(b.id()));   // deterministic for a seed, whatever the map order
        for (Unit leaf : leaves) {
            List<Unit> path = registry.path(leaf.id());
            String region = path.size() > 1 ? path.get(1).id() : leaf.id();
            double pace = provincePace.computeIfAbsent(region, k -> 0.8 + 0.4 * random.nextDouble());
            // Most areas reach 100%; the rest end between 97% and 99.9%, for a national figure near 99.6%.
            double turnout = random.nextDouble() < 0.85 ? 1.0 : 0.97 + 0.029 * random.nextDouble();
            long finalVoters = (long) Math.floor(leaf.registered() * turnout);
            int cadence = 15 + random.nextInt(46);
            stations.add(new Station(leaf.id(), leaf.registered(), finalVoters, pace, cadence, random.nextInt(cadence)));
        }
    }

    /** Polling areas in the day. */
    public int stationCount() {
        return stations.size();
    }

    /** Readings sent so far. */
    public long sent() {
        return sent.get();
    }

    /** The count each polling area last reported: the exact figures the pipeline must end with. */
    public synchronized Map<String, Long> groundTruth() {
        return Map.copyOf(groundTruth);
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
        long dayMinutes = config.votingHours().toMinutes();
        PriorityQueue<Station> due = new PriorityQueue<>((a, b) -> Long.compare(a.nextReportMinute, b.nextReportMinute));
        due.addAll(stations);
        long wallStart = System.nanoTime();
        long lastProgress = wallStart;
        LOG.info("Simulating {} polling areas from {} for {} h at {}", stations.size(), config.pollsOpen(),
                config.votingHours().toHours(), config.asFastAsPossible() ? "full speed" : config.speed() + "x");
        while (!due.isEmpty() && !stopped.get()) {
            Station next = due.peek();
            if (!config.asFastAsPossible()) {
                double simulatedMinutes = (System.nanoTime() - wallStart) / 60e9 * config.speed();
                if (next.nextReportMinute > simulatedMinutes) {
                    sleepBriefly();
                    continue;
                }
            }
            due.poll();
            report(next);
            if (next.nextReportMinute <= dayMinutes) {
                due.add(next);
            }
            if (System.nanoTime() - lastProgress > 10e9) {
                lastProgress = System.nanoTime();
                logProgress(wallStart, next.nextReportMinute, dayMinutes);
            }
        }
        try {
            sink.flush();
        } finally {
            finished.countDown();
        }
        LOG.info("Simulated day {}: {} readings sent", stopped.get() ? "stopped" : "complete", sent.get());
    }

    /** One progress line: simulated clock, readings sent, rate, and how long until the day ends. */
    private void logProgress(long wallStart, long nextMinute, long dayMinutes) {
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        double simulatedMinutes = config.asFastAsPossible() ? nextMinute
                : Math.min(dayMinutes, wallSeconds / 60 * config.speed());
        double remainingMinutes = dayMinutes - simulatedMinutes;
        long etaSeconds = config.asFastAsPossible()
                ? (long) (wallSeconds / Math.max(1, simulatedMinutes) * remainingMinutes)
                : (long) (remainingMinutes * 60 / config.speed());
        LOG.info("Simulated {} ({}%): {} readings sent, {}/s; day ends in {} min {} s",
                config.pollsOpen().plusMinutes((long) simulatedMinutes).toLocalTime(),
                Math.round(100 * simulatedMinutes / dayMinutes), sent.get(), Math.round(sent.get() / wallSeconds),
                etaSeconds / 60, etaSeconds % 60);
    }

    private void report(Station s) {
        long minute = Math.min(s.nextReportMinute, config.votingHours().toMinutes());
        double hours = minute / 60.0 * s.pace;
        boolean closed = minute >= config.votingHours().toMinutes();
        long voted = closed ? s.finalVoters : (long) Math.floor(s.finalVoters * TurnoutCurve.share(hours));
        OffsetDateTime at = config.pollsOpen().plusMinutes(minute);
        s.seq++;
        sink.send(Reading.of(s.id, Reading.DEFAULT_SOURCE, s.seq, at, voted, null));
        sent.incrementAndGet();
        synchronized (this) {
            groundTruth.put(s.id, voted);
        }
        s.nextReportMinute = closed ? Long.MAX_VALUE : nextReport(s, minute);
    }

    /** The next regular report, or an earlier checkpoint (9, 11, 13, 15, 17 h) if one comes first. */
    private long nextReport(Station s, long minute) {
        long regular = minute + s.cadenceMinutes;
        int openHour = config.pollsOpen().getHour();
        while (s.nextCheckpoint < CHECKPOINT_HOURS.length
                && (CHECKPOINT_HOURS[s.nextCheckpoint] - openHour) * 60L <= minute) {
            s.nextCheckpoint++;
        }
        long checkpoint = s.nextCheckpoint < CHECKPOINT_HOURS.length
                ? (CHECKPOINT_HOURS[s.nextCheckpoint] - openHour) * 60L : Long.MAX_VALUE;
        return Math.min(Math.min(regular, checkpoint), config.votingHours().toMinutes());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(Duration.ofMillis(50).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
