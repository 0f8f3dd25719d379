package vn.election.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Unit;

/**
 * Posts check-in readings to ingest over real HTTP in batches at a paced open-loop rate (each batch at
 * its planned time, whatever the answers so far, up to a cap of requests in flight); every batch also
 * carries one marker reading of the marker station with voted = the marker's number, for the ledgers.
 * No other reading goes to the marker's commune, so the commune's voted is the marker's number too.
 */
final class PacedPoster {

    /** Most requests in flight; beyond it a send waits, and the achieved rate falls short of the offered one. */
    static final int MAX_IN_FLIGHT = 256;
    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    /** The marker station's list: large, so rising marker counts stay a plausible turnout. */
    private static final long MARKER_LIST = 1_000_000;

    /** One run at one rate: what was offered, what ingest took, and how the sends kept to the plan. */
    record Outcome(double offeredPerSec, long batches, long accepted, double seconds, Map<Integer, Long> otherAnswers,
                   long failed, long lateSends) {
        double acceptedPerSec() {
            return accepted / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;
    private final String token;
    private final List<Unit> leaves;
    private final String markerStation;
    private final int[] seqs;
    private final SplittableRandom rng;
    private long markerSeq;
    private final AtomicLong posted = new AtomicLong();

    PacedPoster(int ingestPort, String token, List<Unit> leaves, String markerStation, long seed) {
        this.uri = URI.create("http://127.0.0.1:" + ingestPort + "/api/v1/readings");
        this.token = token;
        String commune = leaves.stream().filter(u -> u.id().equals(markerStation)).findFirst().orElseThrow().parentId();
        this.leaves = leaves.stream().filter(u -> !commune.equals(u.parentId())).toList();
        this.markerStation = markerStation;
        this.seqs = new int[this.leaves.size()];
        this.rng = new SplittableRandom(seed);
    }

    /** Readings accepted so far over every run, markers included. */
    long posted() {
        return posted.get();
    }

    /**
     * Posts for {@code duration} at {@code rate} readings per second in batches of {@code batch} (the
     * marker included); markers sent before {@code warmup} has passed are not measured.
     */
    Outcome run(double rate, int batch, Duration duration, Duration warmup, List<MarkerLedger> ledgers, Runnable progress)
            throws InterruptedException {
        Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> other = new TreeMap<>();
        long intervalNanos = (long) (batch / rate * 1e9);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long measureFrom = start + warmup.toNanos();
        long batches = 0;
        long late = 0;
        for (long planned = start; planned < end; planned += intervalNanos) {
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!slots.tryAcquire()) {
                slots.acquire();
            }
            if (System.nanoTime() - planned > intervalNanos) {
                late++;
            }
            long k = ++markerSeq;
            String body = body(k, batch);
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long sent = System.nanoTime();
            ledgers.forEach(l -> l.sent(k, sent, sent >= measureFrom));
            http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, error) -> {
                long now = System.nanoTime();
                if (error == null && resp.statusCode() == 202) {
                    ledgers.forEach(l -> l.answered(k, now));
                    accepted.addAndGet(batch);
                    posted.addAndGet(batch);
                } else {
                    ledgers.forEach(l -> l.refused(k));
                    if (error != null) {
                        failed.incrementAndGet();
                    } else {
                        synchronized (other) {
                            other.merge(resp.statusCode(), 1L, Long::sum);
                        }
                    }
                }
                slots.release();
            });
            batches++;
            progress.run();
        }
        // The answers still on their way belong to this run.
        if (!slots.tryAcquire(MAX_IN_FLIGHT, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ingest left requests unanswered for 60 s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (other) {
            return new Outcome(rate, batches, accepted.get(), seconds, Map.copyOf(other), failed.get(), late);
        }
    }

    /** A JSON array: the marker, then {@code batch - 1} check-ins on random polling areas, all observed now. */
    private String body(long marker, int batch) {
        OffsetDateTime now = OffsetDateTime.now(VIETNAM);
        StringBuilder sb = new StringBuilder(batch * 130).append('[');
        sb.append(ReadingCodec.toJson(Reading.of(markerStation, Reading.DEFAULT_SOURCE, marker, now, marker, MARKER_LIST)));
        for (int i = 1; i < batch; i++) {
            int s = rng.nextInt(leaves.size());
            int seq = ++seqs[s];
            sb.append(',').append(ReadingCodec.toJson(Reading.of(leaves.get(s).id(), Reading.DEFAULT_SOURCE, seq, now, seq, null)));
        }
        return sb.append(']').toString();
    }
}
