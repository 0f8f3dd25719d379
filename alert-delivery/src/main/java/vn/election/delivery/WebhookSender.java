package vn.election.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Posts one signed attempt of a notification to one receiver with {@link HttpClient}: the body and the
 * Standard Webhooks headers in (a fresh timestamp and signature per attempt, the same id), the
 * receiver's status or the failure out, never an exception.
 */
final class WebhookSender implements AutoCloseable {

    /** How one request ended: a status, or {@code status == -1} and an error. */
    record Outcome(URI receiver, int status, String error, boolean timeout) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** A 4xx that says the receiver refuses this request for good (not 408 or 429): a misconfiguration. */
        boolean refused() {
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }

        String describe() {
            return status >= 0 ? "HTTP " + status : (timeout ? "timeout" : error);
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final WebhookSigner signer;
    private final Duration timeout;
    private final Supplier<Instant> clock;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "webhook-http-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client;

    WebhookSender(WebhookSigner signer, Duration timeout, Supplier<Instant> clock) {
        this.signer = signer;
        this.timeout = timeout;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    CompletableFuture<Outcome> post(URI receiver, GroupNotification n) {
        long timestamp = clock.get().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(receiver)
                .timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", "election-day-webhooks/1")
                .header("webhook-id", n.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(n.webhookId(), timestamp, n.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(n.body()))
                .build();
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> response != null
                            ? new Outcome(receiver, response.statusCode(), null, false)
                            : new Outcome(receiver, -1, rootMessage(error), rootCause(error) instanceof HttpTimeoutException));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(receiver, -1, e.toString(), false));
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = rootCause(e);
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
