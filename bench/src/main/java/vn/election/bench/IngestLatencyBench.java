package vn.election.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Measurement (4): the whole system in this JVM (ingest, the turnout job, the dashboard on the given
 * broker); readings posted over HTTP at paced rates; the time from each marker's 202 answer to the first
 * websocket frame that shows it in its polling area (the job's first stage) and in its commune (one roll-up
 * stage more), per rate, with what the job kept up with (how far the national total lags).
 */
final class IngestLatencyBench {

    /** One rate's figures: the posting, both latencies, what the job applied, CPU and the busiest threads. */
    record Outcome(PacedPoster.Outcome posting, Latencies fromAnswer, Latencies fromSend, Latencies communeFromAnswer,
                   long frameBeforeAnswer,
                   long unresolved, double drainSeconds, double appliedPerSec, long backlogAtEnd,
                   PhaseStats.Usage usage, String busiest) {
    }

    private IngestLatencyBench() {
    }

    static List<Outcome> run(String bootstrap, String prefix, Path registryFile, Registry registry, int parallelism,
                             int partitions, List<Integer> rates, int batch, Duration duration, Duration warmup,
                             Duration systemWarmup, Duration drain, long seed, vn.election.jobs.TurnoutJobConfig.Pipeline pipeline,
                             InProcessSystem.Cadence cadence, Progress progress) throws Exception {
        Unit commune = markerCommune(registry);
        String station = registry.children(commune.id()).get(0);
        List<Unit> leaves = new ArrayList<>();
        for (Unit u : registry.units()) {
            if (registry.isLeaf(u.id())) {
                leaves.add(u);
            }
        }
        leaves.sort(Comparator.comparing(Unit::id));
        List<Outcome> outcomes = new ArrayList<>();
        try (InProcessSystem system = InProcessSystem.start(bootstrap, prefix, registryFile, registry, parallelism, partitions,
                pipeline, cadence);
             MarkerWatcher watcher = MarkerWatcher.connect(system.dashboardPort(), commune.id(), station, registry.root())) {
            say("  system up (ingest :%d, dashboard :%d); marker station %s, websocket subscribed to %s",
                    system.ingestPort(), system.dashboardPort(), station, commune.id());
            PacedPoster poster = new PacedPoster(system.ingestPort(), system.token(), leaves, station, seed);

            // Until one marker has gone all the way through (the job's start takes a while), nothing is measured.
            progress.start("latency: waiting for the first frame");
            MarkerLedger first = new MarkerLedger();
            watcher.use(first, null);
            poster.run(10, 10, Duration.ofMillis(1), Duration.ZERO, List.of(first), () -> { });
            long t0 = System.nanoTime();
            if (!awaitDrained(first, watcher, poster, Duration.ofMinutes(3), progress)) {
                throw new IllegalStateException("no websocket frame showed the first marker within 3 minutes");
            }
            say("  first marker shown after %.1f s (job start included)", (System.nanoTime() - t0) / 1e9);

            // The JIT compiles the broker, Flink, Vert.x and the job for minutes after a start: a profile of the
            // second minute had the compiler threads at half a core. Figures of a system that runs all day are
            // taken after that, at the highest rate, nothing of it measured.
            if (!systemWarmup.isZero() && !rates.isEmpty()) {
                int top = rates.stream().max(Integer::compare).orElseThrow();
                say("  system warm-up: %,d readings/s for %d s, not measured...", top, systemWarmup.toSeconds());
                progress.start(String.format("latency: system warm-up at %,d/s", top));
                MarkerLedger discarded = new MarkerLedger();
                watcher.use(discarded, null);
                poster.run(top, batch, systemWarmup, systemWarmup, List.of(discarded), () -> progress.line(() ->
                        String.format("accepted %,d readings, job behind by %,d readings", poster.posted(),
                                poster.posted() - watcher.rootVoted())));
                boolean drained = awaitDrained(discarded, watcher, poster, drain, progress);
                say("  system warm-up done: %,d readings accepted, %s", poster.posted(),
                        drained ? "every marker shown" : "not every marker shown within the drain time");
            }

            for (int rate : rates) {
                say("  %,d readings/s for %d s (first %d s not measured), batches of %d...", rate, duration.toSeconds(),
                        warmup.toSeconds(), batch);
                progress.start(String.format("latency at %,d/s", rate));
                MarkerLedger ledger = new MarkerLedger();
                MarkerLedger communeLedger = new MarkerLedger();
                watcher.use(ledger, communeLedger);
                PhaseStats ps = new PhaseStats();
                BusyThreads busy = BusyThreads.ofThisJvm();
                long appliedBefore = watcher.rootVoted();
                PacedPoster.Outcome posting = poster.run(rate, batch, duration, warmup, List.of(ledger, communeLedger), () -> progress.line(() ->
                        String.format("accepted %,d readings, markers waiting for a frame %d, job behind by %,d readings"
                                        + " (%,d frames, marker station at %,d)", poster.posted(), ledger.pending(),
                                poster.posted() - watcher.rootVoted(), watcher.frames(), watcher.stationVoted())));
                long appliedDuring = watcher.rootVoted() - appliedBefore;
                long backlog = poster.posted() - watcher.rootVoted();
                String busiest = busy.top(6);
                PhaseStats.Usage usage = ps.stop();
                long drainStart = System.nanoTime();
                progress.start(String.format("latency at %,d/s, draining", rate));
                boolean drained = awaitDrained(ledger, watcher, poster, drain, progress);
                drained &= awaitDrained(communeLedger, watcher, poster, drain.minusNanos(System.nanoTime() - drainStart), progress);
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                ledger.giveUp(System.nanoTime());
                communeLedger.giveUp(System.nanoTime());
                Outcome o = new Outcome(posting, ledger.fromAnswer(), ledger.fromSend(), communeLedger.fromAnswer(),
                        ledger.frameBeforeAnswer(),
                        ledger.unresolved(), drainSeconds, appliedDuring / posting.seconds(), backlog, usage, busiest);
                outcomes.add(o);
                say("  accepted %,.0f/s of %,d offered; 202 -> frame p50 %.0f ms, p99 %.0f ms, max %.0f ms (commune p99 %.0f ms;"
                                + " %d markers%s); job applied %,.0f/s, %,d behind at the end, drained in %.1f s%s",
                        posting.acceptedPerSec(), rate, o.fromAnswer().p50Ms(), o.fromAnswer().p99Ms(), o.fromAnswer().maxMs(),
                        o.communeFromAnswer().p99Ms(), o.fromAnswer().count(), o.unresolved() > 0 ? ", " + o.unresolved() + " not shown: lower bounds" : "",
                        o.appliedPerSec(), backlog, drainSeconds, drained ? "" : " (gave up)");
                say("  busiest threads: %s", busiest);
            }
        }
        return outcomes;
    }

    /** Waits until every answered marker has been shown, at most {@code limit}. */
    private static boolean awaitDrained(MarkerLedger ledger, MarkerWatcher watcher, PacedPoster poster, Duration limit,
                                        Progress progress) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (ledger.pending() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            progress.line(() -> String.format("markers waiting for a frame %d, job behind by %,d readings (%,d frames, marker station at %,d)",
                    ledger.pending(), poster.posted() - watcher.rootVoted(), watcher.frames(), watcher.stationVoted()));
            Thread.sleep(20);
        }
        return true;
    }

    /** The first commune (by id) with at least two polling areas: its first area carries the markers. */
    private static Unit markerCommune(Registry registry) {
        int depth = registry.leafDepth() - 1;
        List<Unit> candidates = new ArrayList<>();
        for (Unit u : registry.units()) {
            if (u.depth() == depth && registry.children(u.id()).size() >= 2) {
                candidates.add(u);
            }
        }
        return candidates.stream().min(Comparator.comparing(Unit::id))
                .orElseThrow(() -> new IllegalStateException("the registry has no unit with two polling areas"));
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
