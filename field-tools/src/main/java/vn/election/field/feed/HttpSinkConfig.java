package vn.election.field.feed;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of {@link HttpReadingSink}: which ingest API to post to, with which token, in batches of
 * what size, how many at once, and how long to keep retrying while ingest cannot take readings.
 *
 * @param endpoint the full {@code .../api/v1/readings} URL (see {@link #endpoint(String)})
 * @param token the bearer token, sent as {@code Authorization: Bearer <token>}
 * @param batchSize readings per request; default {@value #DEFAULT_BATCH_SIZE}, at most {@value #MAX_BATCH_SIZE}
 *                  (docs/contract.md's limit per request)
 * @param maxInFlight batches posted at the same time; default {@value #DEFAULT_MAX_IN_FLIGHT}
 * @param retryLimit how long one batch is retried (429, 5xx, connection failures) before the sink gives
 *                   up; default 5 minutes
 * @param requestTimeout how long one request may take; default 60 s (ingest answers within about 20 s
 *                       even when Kafka is down)
 */
public record HttpSinkConfig(URI endpoint, String token, int batchSize, int maxInFlight, Duration retryLimit,
                             Duration requestTimeout) {

    public static final String READINGS_PATH = "/api/v1/readings";
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int MAX_BATCH_SIZE = 1000;
    public static final int DEFAULT_MAX_IN_FLIGHT = 4;
    public static final Duration DEFAULT_RETRY_LIMIT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** Every setting is checked; a wrong one is refused naming the key and what was expected. */
    public HttpSinkConfig {
        Objects.requireNonNull(endpoint, "endpoint must be the ingest URL, got null");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token is missing: ingest needs the bearer token of a reporting unit");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("token may hold only visible ASCII characters (it travels in an "
                        + "HTTP header); check for a stray space or line break");
            }
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE
                    + " (readings per request), got " + batchSize);
        }
        if (maxInFlight < 1 || maxInFlight > 64) {
            throw new IllegalArgumentException("maxInFlight must be between 1 and 64, got " + maxInFlight);
        }
        if (retryLimit == null || retryLimit.isNegative()) {
            throw new IllegalArgumentException("retryLimit must be a duration of 0 or more (like PT5M), got " + retryLimit);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be a positive duration (like PT60S), got "
                    + requestTimeout);
        }
    }

    /** Every default, for the given ingest URL ({@link #endpoint(String)}) and token. */
    public static HttpSinkConfig of(String url, String token) {
        return new HttpSinkConfig(endpoint(url), token, DEFAULT_BATCH_SIZE, DEFAULT_MAX_IN_FLIGHT, DEFAULT_RETRY_LIMIT,
                DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * The readings URL for what a user typed: {@code http://host:port} (or with a trailing slash) gets
     * {@value #READINGS_PATH}; a URL with any other path is taken as the full readings URL (ingest
     * behind a proxy under another path).
     */
    public static URI endpoint(String url) {
        String expected = "expected http://host:port or http://host:port" + READINGS_PATH;
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no ingest URL: " + expected);
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + url + "' (" + e.getReason() + "); " + expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) URL: '" + url + "'; " + expected);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in '" + url + "'; " + expected);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("unexpected query or fragment in '" + url + "'; " + expected);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.isEmpty() || path.equals("/")) {
            return uri.resolve(READINGS_PATH);
        }
        return uri;
    }

    public HttpSinkConfig withBatchSize(int newBatchSize) {
        return new HttpSinkConfig(endpoint, token, newBatchSize, maxInFlight, retryLimit, requestTimeout);
    }

    public HttpSinkConfig withMaxInFlight(int newMaxInFlight) {
        return new HttpSinkConfig(endpoint, token, batchSize, newMaxInFlight, retryLimit, requestTimeout);
    }

    public HttpSinkConfig withRetryLimit(Duration newRetryLimit) {
        return new HttpSinkConfig(endpoint, token, batchSize, maxInFlight, newRetryLimit, requestTimeout);
    }

    public HttpSinkConfig withRequestTimeout(Duration newRequestTimeout) {
        return new HttpSinkConfig(endpoint, token, batchSize, maxInFlight, retryLimit, newRequestTimeout);
    }

    /** Never shows the token: configs end up in logs and exception messages. */
    @Override
    public String toString() {
        return "HttpSinkConfig[endpoint=" + endpoint + ", token=(hidden), batchSize=" + batchSize + ", maxInFlight="
                + maxInFlight + ", retryLimit=" + retryLimit + ", requestTimeout=" + requestTimeout + "]";
    }
}
