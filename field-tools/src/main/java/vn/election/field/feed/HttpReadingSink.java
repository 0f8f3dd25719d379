package vn.election.field.feed;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.field.feed.HttpSinkException.Kind;
import vn.election.model.json.Json;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;

/**
 * Posts readings to the ingest HTTP API ({@code POST /api/v1/readings}) in batches, a few batches at
 * a time, and counts what became of each reading: accepted (202), refused (400, 403, with the server's
 * reasons) or failed (ingest unavailable beyond the retry limit). {@link #send} blocks while
 * {@code maxInFlight} batches are on their way, so a fast reader cannot outrun ingest.
 *
 * <p>Answers: 202 accepted; 400/403 the readings the answer names are refused and the rest of the
 * batch is sent again; 413 the batch is split in halves; 429, 5xx and connection failures are retried
 * after {@code Retry-After} (or an exponential backoff with jitter, at most 30 s) until the retry limit,
 * then the sink gives up; 401 stops the sink at once (the token will not get better); any other answer
 * (404, 415, a redirect) stops it too, since it means the URL is not an ingest API.
 *
 * <p>Batches go out concurrently, so two readings of one station may reach ingest out of file order.
 * That is harmless: the latest {@code seq} of a (station, source) wins wherever it arrives, and a
 * repeated or lower one changes nothing (docs/contract.md); for the same reason a batch may safely be
 * sent twice after a timeout.
 *
 * <p>{@code send}, {@code flush} and {@code close} are for one caller thread; {@link #counts()} may be
 * read from any thread.
 */
public final class HttpReadingSink implements CountingReadingSink {

    private static final Logger LOG = LoggerFactory.getLogger(HttpReadingSink.class);
    /** Longest wait between two attempts, whatever Retry-After says. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    private static final int MAX_MESSAGE = 300;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final HttpSinkConfig config;
    private final HttpClient client;
    private final ExecutorService workers;
    // One permit per batch in flight: send() waits for a permit, flush() takes them all.
    private final Semaphore slots;
    private List<Reading> batch;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final List<String> refusedReasons = new ArrayList<>();
    private final AtomicReference<HttpSinkException> stopped = new AtomicReference<>();
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicBoolean outage = new AtomicBoolean();
    private volatile boolean closed;

    public HttpReadingSink(HttpSinkConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                // Ingest speaks HTTP/1.1 only; saying so up front spares an upgrade attempt per connection.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        int instance = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.maxInFlight(), r -> {
            Thread t = new Thread(r, "http-sink-" + instance + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(config.maxInFlight());
        this.batch = new ArrayList<>(config.batchSize());
    }

    /** The URL readings are posted to. */
    public String endpoint() {
        return config.endpoint().toString();
    }

    /**
     * Adds a reading to the current batch, posting the batch once full; blocks while
     * {@code maxInFlight} batches are on their way.
     *
     * @throws HttpSinkException once the sink has stopped (see {@link HttpSinkException.Kind})
     */
    @Override
    public void send(Reading reading) {
        throwIfStopped();
        if (closed) {
            throw new IllegalStateException("the sink is closed");
        }
        batch.add(reading);
        if (batch.size() >= config.batchSize()) {
            submit();
        }
    }

    /**
     * Posts the current batch and waits until every batch has an outcome (including retries, up to
     * the retry limit).
     *
     * @throws HttpSinkException when the sink has stopped; the counts are complete all the same
     */
    @Override
    public void flush() {
        if (!batch.isEmpty()) {
            submit();
        }
        try {
            slots.acquire(config.maxInFlight());
            slots.release(config.maxInFlight());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ingest to answer", e);
        }
        throwIfStopped();
    }

    /** Sends what is pending and waits for it (errors go to the counts, not to the caller), then stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } catch (HttpSinkException e) {
            // Already counted; whoever cares called flush() and saw it.
        } finally {
            closed = true;
            workers.shutdownNow();
        }
    }

    @Override
    public DeliveryCounts counts() {
        synchronized (refusedReasons) {
            return new DeliveryCounts(accepted.get(), refused.get(), failed.get(), retries.get(), refusedReasons);
        }
    }

    private void throwIfStopped() {
        HttpSinkException e = stopped.get();
        if (e != null) {
            // Whatever is still buffered will never go out.
            failed.addAndGet(batch.size());
            batch.clear();
            throw new HttpSinkException(e.kind(), e.getMessage());
        }
    }

    private void submit() {
        List<Reading> full = batch;
        batch = new ArrayList<>(config.batchSize());
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.addAndGet(full.size());
            throw new IllegalStateException("interrupted while waiting for ingest to take a batch", e);
        }
        workers.execute(() -> {
            try {
                deliver(full);
            } catch (RuntimeException e) {
                LOG.error("Unexpected failure posting a batch of {} readings", full.size(), e);
                failed.addAndGet(full.size());
            } finally {
                slots.release();
            }
        });
    }

    /** Posts {@code readings} until every one of them is accepted, refused or failed. */
    private void deliver(List<Reading> readings) {
        List<Reading> pending = readings;
        while (!pending.isEmpty()) {
            Answer answer = post(pending);
            if (answer == null) {
                failed.addAndGet(pending.size());
                return;
            }
            switch (answer.status()) {
                case 202 -> {
                    accepted.addAndGet(pending.size());
                    return;
                }
                case 400, 403 -> pending = peelRefused(pending, answer);
                case 413 -> {
                    if (pending.size() == 1) {
                        refuse(pending.get(0), answer.messages());
                        return;
                    }
                    // Over the server's size or count limit: halves until it fits.
                    int half = pending.size() / 2;
                    deliver(pending.subList(0, half));
                    deliver(pending.subList(half, pending.size()));
                    return;
                }
                case 401 -> {
                    stop(new HttpSinkException(Kind.TOKEN_REFUSED, "token refused by ingest at " + endpoint()
                            + " (HTTP 401: " + answer.firstMessage() + ")"));
                    failed.addAndGet(pending.size());
                    return;
                }
                default -> {
                    stop(new HttpSinkException(Kind.UNEXPECTED_ANSWER, "ingest at " + endpoint() + " answered HTTP "
                            + answer.status() + (answer.location() == null ? "" : " (to " + answer.location() + ")")
                            + ": " + answer.firstMessage() + "; is this the ingest API's address?"));
                    failed.addAndGet(pending.size());
                    return;
                }
            }
        }
    }

    /**
     * A 400 or 403 refuses the whole batch, even for a single bad reading among hundreds, so refusing
     * the batch would throw good readings away. The answer names every bad reading by its index
     * (ReadingBatchValidator lists scope errors in a 400 too): those are refused with their reasons and
     * the rest is returned to be sent again, which converges even when the answer lists only the first
     * 100 errors. When the answer names no reading (a whole-request error, or a proxy's answer), the
     * batch is sent one reading at a time instead, so only the truly bad ones are refused. Peeling by
     * index rather than always going one by one keeps a file with scattered bad lines from costing
     * hundreds of requests per batch.
     */
    private List<Reading> peelRefused(List<Reading> pending, Answer answer) {
        Map<Integer, List<String>> named = answer.errorsByIndex(pending.size());
        if (pending.size() == 1) {
            refuse(pending.get(0), answer.messages());
            return List.of();
        }
        if (named == null) {
            for (Reading r : pending) {
                deliver(List.of(r));
            }
            return List.of();
        }
        List<Reading> rest = new ArrayList<>(pending.size() - named.size());
        for (int i = 0; i < pending.size(); i++) {
            List<String> reasons = named.get(i);
            if (reasons == null) {
                rest.add(pending.get(i));
            } else {
                refuse(pending.get(i), reasons);
            }
        }
        return rest;
    }

    private void refuse(Reading r, List<String> reasons) {
        refused.incrementAndGet();
        synchronized (refusedReasons) {
            if (refusedReasons.size() < DeliveryCounts.MAX_REASONS) {
                refusedReasons.add(r.stationId() + " " + r.source() + " seq " + r.seq() + ": " + String.join("; ", reasons));
            }
        }
    }

    /**
     * Posts one batch, retrying what is worth retrying until the retry limit; returns the first
     * answer that is not to be retried, or null when the sink gave up or was stopped.
     */
    private Answer post(List<Reading> readings) {
        HttpRequest request = HttpRequest.newBuilder(config.endpoint())
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + config.token())
                .header("Content-Type", "application/json")
                .header("User-Agent", "election-day-http-sink")
                .POST(HttpRequest.BodyPublishers.ofByteArray(encode(readings)))
                .build();
        long deadline = System.nanoTime() + config.retryLimit().toNanos();
        for (int attempt = 0; ; attempt++) {
            if (stopped.get() != null) {
                return null;
            }
            String problem;
            Duration wait;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status != 429 && status < 500) {
                    if (outage.compareAndSet(true, false)) {
                        LOG.info("Ingest at {} answers again (HTTP {})", endpoint(), status);
                    }
                    return new Answer(status, response.body(), response.headers().firstValue("Location").orElse(null));
                }
                problem = "HTTP " + status + ": " + new Answer(status, response.body(), null).firstMessage();
                wait = retryAfter(response.headers().firstValue("Retry-After")).orElseGet(() -> backoff(0));
                // Retry-After is the server's wish, but many senders waiting exactly as long come back together.
                wait = wait.plusMillis(ThreadLocalRandom.current().nextLong(0, 1 + wait.toMillis() / 10));
                if (attempt > 0) {
                    wait = max(wait, backoff(attempt));
                }
            } catch (ConnectException e) {
                problem = "cannot connect" + (e.getMessage() == null ? "" : " (" + describe(e) + ")");
                wait = backoff(attempt);
            } catch (HttpTimeoutException e) {
                problem = "no answer within " + config.requestTimeout().toSeconds() + " s";
                wait = backoff(attempt);
            } catch (IOException e) {
                problem = "connection failed (" + describe(e) + ")";
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                stop(new HttpSinkException(Kind.UNAVAILABLE, "ingest at " + endpoint() + " did not take readings for "
                        + human(config.retryLimit()) + "; gave up (last: " + problem + ")"));
                return null;
            }
            // Never sleep past the deadline: the last attempt comes right at it.
            wait = Duration.ofNanos(Math.min(Math.min(wait.toNanos(), MAX_BACKOFF.toNanos()), remaining));
            if (outage.compareAndSet(false, true)) {
                LOG.warn("Ingest at {} cannot take readings now ({}); retrying for up to {}", endpoint(), problem,
                        human(config.retryLimit()));
            } else {
                LOG.debug("Ingest at {}: {}; retrying in {} ms (attempt {})", endpoint(), problem, wait.toMillis(),
                        attempt + 2);
            }
            retries.incrementAndGet();
            try {
                if (stopSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private void stop(HttpSinkException reason) {
        if (stopped.compareAndSet(null, reason)) {
            // The caller hears of it from its next send() or flush(); the log is for debugging only.
            LOG.debug("Stopped sending readings: {}", reason.getMessage());
            stopSignal.countDown();
        }
    }

    private static byte[] encode(List<Reading> readings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(readings.size() * 160);
        out.write('[');
        for (int i = 0; i < readings.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(ReadingCodec.encode(readings.get(i)));
        }
        out.write(']');
        return out.toByteArray();
    }

    /** Exponential from 250 ms, doubling per attempt, at most 30 s, with "equal jitter" (half fixed, half random). */
    static Duration backoff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** Retry-After as seconds or as an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> retryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get().trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : min(until, MAX_BACKOFF));
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if ((message == null || message.isBlank()) && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    static String human(Duration d) {
        if (d.toSeconds() >= 60 && d.toSeconds() % 60 == 0) {
            return d.toMinutes() == 1 ? "1 minute" : d.toMinutes() + " minutes";
        }
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** One answer of ingest, with its error list read lazily. */
    private record Answer(int status, String body, String location) {

        /** Every error message of the body, or the body itself (shortened) when it is not ingest's JSON. */
        List<String> messages() {
            JsonNode errors = errors();
            if (errors == null) {
                return List.of(fallback());
            }
            List<String> out = new ArrayList<>();
            errors.forEach(e -> out.add(message(e)));
            JsonNode count = json() == null ? null : json().get("error_count");
            if (count != null && count.asInt() > out.size()) {
                out.add("and " + (count.asInt() - out.size()) + " more errors");
            }
            return out.isEmpty() ? List.of(fallback()) : out;
        }

        String firstMessage() {
            return messages().get(0);
        }

        /**
         * The errors grouped by the index of the reading they name, or null when some error names
         * no reading of a batch of {@code size} (an index of -1, or none at all).
         */
        Map<Integer, List<String>> errorsByIndex(int size) {
            JsonNode errors = errors();
            if (errors == null || errors.isEmpty()) {
                return null;
            }
            Map<Integer, List<String>> byIndex = new LinkedHashMap<>();
            for (JsonNode e : errors) {
                JsonNode index = e.get("index");
                if (index == null || !index.canConvertToInt() || index.asInt() < 0 || index.asInt() >= size) {
                    return null;
                }
                byIndex.computeIfAbsent(index.asInt(), i -> new ArrayList<>()).add(message(e));
            }
            return byIndex;
        }

        private JsonNode errors() {
            JsonNode json = json();
            JsonNode errors = json == null ? null : json.get("errors");
            return errors != null && errors.isArray() ? errors : null;
        }

        private JsonNode json() {
            try {
                return body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        private static String message(JsonNode error) {
            String field = error.path("field").asText("$");
            String message = error.path("message").asText("");
            // "$" is the request or item as a whole: the message says it all.
            return shorten(field.equals("$") ? message : field + ": " + message);
        }

        private String fallback() {
            return body == null || body.isBlank() ? "(no body)" : shorten(body.strip());
        }

        private static String shorten(String s) {
            return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
        }
    }
}
