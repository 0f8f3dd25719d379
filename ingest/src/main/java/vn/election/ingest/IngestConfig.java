package vn.election.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import vn.election.model.registry.Registry;

/**
 * Settings of the ingest gateway: where it listens, which Kafka it writes to, the registry it checks
 * stations against, and the limits it enforces on a request.
 *
 * @param host address to bind; default {@value #DEFAULT_HOST} (loopback)
 * @param port port to bind; default {@value #DEFAULT_PORT}; 0 picks any free port (see {@link IngestServer#port()})
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topicPrefix prefix put before every topic name; default empty
 * @param registry the hierarchy: stations must be its polling areas, tokens are scoped to its units
 * @param maxBatch most readings in one request; default {@value #DEFAULT_MAX_BATCH}
 * @param maxBodyBytes largest request body in bytes; default {@value #DEFAULT_MAX_BODY_BYTES} (1 MiB)
 * @param maxClockSkew how far after the server's clock an {@code observed_at} may be; default 10 minutes
 * @param tokenStore the token store file ({@link TokenStore}) to load and re-read when it changes; null = none
 * @param tokenReloadInterval how often the token store file is checked for changes; default 2 s
 * @param defaultTokenRate readings per second for a stored token that names no rate; default {@value #DEFAULT_TOKEN_RATE}
 * @param maxInFlightReadings readings accepted but not yet acknowledged by Kafka, beyond which requests
 *        are shed with 429; default {@value #DEFAULT_MAX_IN_FLIGHT_READINGS}
 * @param maxInFlightBytes request bodies being received or held, beyond which requests are shed with
 *        429; counted from the bytes really received, not from what a request declares; default 64 MiB
 * @param bodyDeadline how long a request body may take to arrive in full; one still incomplete then is
 *        answered 408 and its connection closed; default 30 s
 * @param maxBodiesPerToken request bodies one token may be sending at the same time; more are answered
 *        429 at once; default {@value #DEFAULT_MAX_BODIES_PER_TOKEN}
 * @param maxInFlightBytesPerToken the share of {@code maxInFlightBytes} one token may hold, so one token
 *        cannot take the room of all others; 0 = the default, {@code maxInFlightBytes} / 8 but at least
 *        {@code maxBodyBytes}
 * @param maxSeq the largest {@code seq} taken (the report form's, the time in epoch seconds, may be up
 *        to the server clock's instead); default {@value #DEFAULT_MAX_SEQ}
 * @param maxObservedAge how far before the server's clock an {@code observed_at} may be; zero = no such
 *        bound (to replay a past day); default 24 h
 * @param earliestObservedAt the earliest {@code observed_at} taken (for example the day before polls
 *        open); null = none
 * @param metricsToken a bearer token (at least 32 bytes) that may read {@code /metrics} when ingest is
 *        bound beyond loopback (a national-scope ingest token may too); null = none. Never in {@link #toString()}
 */
public record IngestConfig(String host, int port, String bootstrapServers, String topicPrefix, Registry registry,
                           int maxBatch, int maxBodyBytes, Duration maxClockSkew, Path tokenStore,
                           Duration tokenReloadInterval, int defaultTokenRate, int maxInFlightReadings,
                           long maxInFlightBytes, Duration bodyDeadline, int maxBodiesPerToken,
                           long maxInFlightBytesPerToken, long maxSeq, Duration maxObservedAge,
                           Instant earliestObservedAt, String metricsToken) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_MAX_BATCH = 1000;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    /** Beyond a day the check means nothing, and an absurd value would overflow the time arithmetic. */
    public static final Duration MAX_CLOCK_SKEW_LIMIT = Duration.ofDays(1);
    public static final Duration DEFAULT_TOKEN_RELOAD_INTERVAL = Duration.ofSeconds(2);
    /** A polling area reports every 15 minutes or per voter (a few a minute): 100/s is far above any real unit. */
    public static final int DEFAULT_TOKEN_RATE = 100;
    /** About 10 MB of readings held by the producer at 200 bytes each, well inside its 32 MB buffer. */
    public static final int DEFAULT_MAX_IN_FLIGHT_READINGS = 50_000;
    public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 64L * 1024 * 1024;
    /** A full 1 MiB body takes well under a second even on a slow mobile link (~1 Mbit/s: 8 s); 30 s is plenty. */
    public static final Duration DEFAULT_BODY_DEADLINE = Duration.ofSeconds(30);
    /** Twice the replay tool's 4 batches in flight; a body takes milliseconds, so more at once means a slow sender. */
    public static final int DEFAULT_MAX_BODIES_PER_TOKEN = 8;
    /** The default share of one token: an eighth of the body budget. */
    public static final int DEFAULT_TOKEN_SHARE_DIVISOR = 8;
    /**
     * A device counts its reports from 1: one a second for a 24-hour day is 86,400, so a billion is
     * out of reach of any real counter, yet far below where a wrong value would freeze a station
     * (downstream keeps the highest seq, and nothing can pass Long.MAX_VALUE).
     */
    public static final long DEFAULT_MAX_SEQ = 1_000_000_000L;
    /** Election day is one day: a reading older than that is a device clock gone wrong, not a late report. */
    public static final Duration DEFAULT_MAX_OBSERVED_AGE = Duration.ofHours(24);
    /** As the dashboard's metrics token: 256 bits, nothing to guess. */
    public static final int MIN_METRICS_TOKEN_BYTES = 32;

    /** Environment variable per key, read by {@link #fromEnv(Map, Registry)}. */
    public static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("host", "INGEST_HOST"),
            Map.entry("port", "INGEST_PORT"),
            Map.entry("bootstrapServers", "KAFKA_BOOTSTRAP_SERVERS"),
            Map.entry("topicPrefix", "TOPIC_PREFIX"),
            Map.entry("maxBatch", "INGEST_MAX_BATCH"),
            Map.entry("maxBodyBytes", "INGEST_MAX_BODY_BYTES"),
            Map.entry("maxClockSkew", "INGEST_MAX_CLOCK_SKEW_SECONDS"),
            Map.entry("tokenStore", "INGEST_TOKEN_STORE"),
            Map.entry("tokenReloadInterval", "INGEST_TOKEN_RELOAD_MS"),
            Map.entry("defaultTokenRate", "INGEST_DEFAULT_TOKEN_RATE"),
            Map.entry("maxInFlightReadings", "INGEST_MAX_IN_FLIGHT_READINGS"),
            Map.entry("maxInFlightBytes", "INGEST_MAX_IN_FLIGHT_BYTES"),
            Map.entry("bodyDeadline", "INGEST_BODY_DEADLINE_SECONDS"),
            Map.entry("maxBodiesPerToken", "INGEST_MAX_BODIES_PER_TOKEN"),
            Map.entry("maxInFlightBytesPerToken", "INGEST_MAX_IN_FLIGHT_BYTES_PER_TOKEN"),
            Map.entry("maxSeq", "INGEST_MAX_SEQ"),
            Map.entry("maxObservedAge", "INGEST_MAX_OBSERVED_AGE_SECONDS"),
            Map.entry("earliestObservedAt", "INGEST_EARLIEST_OBSERVED_AT"),
            Map.entry("metricsToken", "INGEST_METRICS_TOKEN"));

    /** The settings of the first version, every later one at its default. */
    public IngestConfig(String host, int port, String bootstrapServers, String topicPrefix, Registry registry,
                        int maxBatch, int maxBodyBytes, Duration maxClockSkew) {
        this(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, null,
                null, DEFAULT_TOKEN_RATE, DEFAULT_MAX_IN_FLIGHT_READINGS, DEFAULT_MAX_IN_FLIGHT_BYTES, null,
                DEFAULT_MAX_BODIES_PER_TOKEN, 0, DEFAULT_MAX_SEQ, null, null, null);
    }

    /** Null host, prefix and skew take their defaults; anything else wrong is refused naming the key. */
    public IngestConfig {
        host = host == null ? DEFAULT_HOST : host.trim();
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        maxClockSkew = maxClockSkew == null ? DEFAULT_MAX_CLOCK_SKEW : maxClockSkew;
        tokenReloadInterval = tokenReloadInterval == null ? DEFAULT_TOKEN_RELOAD_INTERVAL : tokenReloadInterval;
        bodyDeadline = bodyDeadline == null ? DEFAULT_BODY_DEADLINE : bodyDeadline;
        maxObservedAge = maxObservedAge == null ? DEFAULT_MAX_OBSERVED_AGE : maxObservedAge;
        metricsToken = metricsToken == null || metricsToken.isBlank() ? null : metricsToken.strip();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("ingest.host must be an address to bind, like 127.0.0.1 or 0.0.0.0; got an empty string");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("ingest.port must be between 0 and 65535 (0 = any free port), got " + port);
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("ingest.bootstrapServers must be host:port[,host:port...], got "
                    + (bootstrapServers == null ? "nothing" : "an empty string"));
        }
        if (!topicPrefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("ingest.topicPrefix may hold only letters, digits, '.', '_' and '-' "
                    + "(Kafka topic name characters), got '" + topicPrefix + "'");
        }
        Objects.requireNonNull(registry, "ingest.registry must be a loaded registry, got null");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("ingest.maxBatch must be at least 1, got " + maxBatch);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("ingest.maxBodyBytes must be at least 1, got " + maxBodyBytes);
        }
        if (maxClockSkew.isNegative() || maxClockSkew.compareTo(MAX_CLOCK_SKEW_LIMIT) > 0) {
            throw new IllegalArgumentException("ingest.maxClockSkew must be between 0 and " + MAX_CLOCK_SKEW_LIMIT
                    + " (a duration like PT10M), got " + maxClockSkew);
        }
        if (tokenReloadInterval.toMillis() < 100 || tokenReloadInterval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("ingest.tokenReloadInterval must be between PT0.1S and PT1H, got "
                    + tokenReloadInterval);
        }
        if (defaultTokenRate < 1) {
            throw new IllegalArgumentException("ingest.defaultTokenRate must be at least 1 reading per second, got "
                    + defaultTokenRate);
        }
        if (maxInFlightReadings < maxBatch) {
            throw new IllegalArgumentException("ingest.maxInFlightReadings must be at least ingest.maxBatch ("
                    + maxBatch + "), or a full batch could never be taken; got " + maxInFlightReadings);
        }
        if (maxInFlightBytes < maxBodyBytes) {
            throw new IllegalArgumentException("ingest.maxInFlightBytes must be at least ingest.maxBodyBytes ("
                    + maxBodyBytes + "), or a full body could never be taken; got " + maxInFlightBytes);
        }
        if (bodyDeadline.toMillis() < 1000 || bodyDeadline.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("ingest.bodyDeadline must be between 1 s and 10 min, got " + bodyDeadline);
        }
        if (maxBodiesPerToken < 1) {
            throw new IllegalArgumentException("ingest.maxBodiesPerToken must be at least 1, got " + maxBodiesPerToken);
        }
        if (maxInFlightBytesPerToken != 0
                && (maxInFlightBytesPerToken < maxBodyBytes || maxInFlightBytesPerToken > maxInFlightBytes)) {
            throw new IllegalArgumentException("ingest.maxInFlightBytesPerToken must be between ingest.maxBodyBytes ("
                    + maxBodyBytes + ") and ingest.maxInFlightBytes (" + maxInFlightBytes + "), or 0 for an eighth of "
                    + "the latter; got " + maxInFlightBytesPerToken);
        }
        if (metricsToken != null && metricsToken.getBytes(StandardCharsets.UTF_8).length < MIN_METRICS_TOKEN_BYTES) {
            throw new IllegalArgumentException("ingest.metricsToken must be at least " + MIN_METRICS_TOKEN_BYTES
                    + " bytes (for example: openssl rand -base64 32), got a shorter value");
        }
        if (maxSeq < 1) {
            throw new IllegalArgumentException("ingest.maxSeq must be at least 1, got " + maxSeq);
        }
        if (maxObservedAge.isNegative() || (!maxObservedAge.isZero() && maxObservedAge.compareTo(Duration.ofMinutes(1)) < 0)
                || maxObservedAge.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("ingest.maxObservedAge must be 0 (no bound) or between 1 minute and "
                    + "366 days, got " + maxObservedAge);
        }
    }

    /** The bytes of request bodies one token may hold: {@code maxInFlightBytesPerToken}, or its default when 0. */
    public long tokenShareBytes() {
        return maxInFlightBytesPerToken != 0 ? maxInFlightBytesPerToken
                : Math.max(maxBodyBytes, maxInFlightBytes / DEFAULT_TOKEN_SHARE_DIVISOR);
    }

    /** Every setting, the metrics token only as set or not: a record's own toString would print it into logs. */
    @Override
    public String toString() {
        return "IngestConfig[host=" + host + ", port=" + port + ", bootstrapServers=" + bootstrapServers + ", topicPrefix="
                + topicPrefix + ", maxBatch=" + maxBatch + ", maxBodyBytes=" + maxBodyBytes + ", maxClockSkew="
                + maxClockSkew + ", tokenStore=" + tokenStore + ", tokenReloadInterval=" + tokenReloadInterval
                + ", defaultTokenRate=" + defaultTokenRate + ", maxInFlightReadings=" + maxInFlightReadings
                + ", maxInFlightBytes=" + maxInFlightBytes + ", bodyDeadline=" + bodyDeadline + ", maxBodiesPerToken="
                + maxBodiesPerToken + ", maxInFlightBytesPerToken=" + maxInFlightBytesPerToken + ", maxSeq=" + maxSeq
                + ", maxObservedAge=" + maxObservedAge + ", earliestObservedAt=" + earliestObservedAt
                + ", metricsToken=" + (metricsToken == null ? "none" : "set") + "]";
    }

    /** Every default, with the two settings that have none. */
    public static IngestConfig defaults(String bootstrapServers, Registry registry) {
        return new IngestConfig(DEFAULT_HOST, DEFAULT_PORT, bootstrapServers, "", registry, DEFAULT_MAX_BATCH,
                DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CLOCK_SKEW);
    }

    public IngestConfig withHost(String value) {
        return new IngestConfig(value, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withPort(int value) {
        return new IngestConfig(host, value, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withTopicPrefix(String value) {
        return new IngestConfig(host, port, bootstrapServers, value, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxBatch(int value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, value, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxBodyBytes(int value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, value, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxClockSkew(Duration value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, value, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withTokenStore(Path value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, value, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withTokenReloadInterval(Duration value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, value, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withDefaultTokenRate(int value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, value, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxInFlightReadings(int value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, value, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxInFlightBytes(long value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, value, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withBodyDeadline(Duration value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, value, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxBodiesPerToken(int value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, value, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxInFlightBytesPerToken(long value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, value, maxSeq, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxSeq(long value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, value, maxObservedAge, earliestObservedAt, metricsToken);
    }

    public IngestConfig withMaxObservedAge(Duration value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, value, earliestObservedAt, metricsToken);
    }

    public IngestConfig withEarliestObservedAt(Instant value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, value, metricsToken);
    }

    public IngestConfig withMetricsToken(String value) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew, tokenStore, tokenReloadInterval, defaultTokenRate, maxInFlightReadings, maxInFlightBytes, bodyDeadline, maxBodiesPerToken, maxInFlightBytesPerToken, maxSeq, maxObservedAge, earliestObservedAt, value);
    }

    /**
     * Reads the settings from environment variables (see {@link #ENV}), defaults where one is unset;
     * a value that is not a number is refused naming the key and its variable, the rest is checked as always.
     */
    public static IngestConfig fromEnv(Map<String, String> env, Registry registry) {
        Map<String, String> v = new LinkedHashMap<>();
        ENV.forEach((key, name) -> {
            String raw = env.get(name);
            if (raw != null && !raw.isBlank()) {
                v.put(key, raw.strip());
            }
        });
        if (!v.containsKey("bootstrapServers")) {
            throw new IllegalArgumentException("ingest.bootstrapServers (env " + ENV.get("bootstrapServers")
                    + "): required, Kafka bootstrap servers as host:port[,host:port...]");
        }
        IngestConfig d = defaults("unset", registry);
        String store = v.get("tokenStore");
        return new IngestConfig(v.getOrDefault("host", d.host()),
                number(v, "port", Integer::parseInt, d.port()),
                v.get("bootstrapServers"),
                v.getOrDefault("topicPrefix", d.topicPrefix()),
                registry,
                number(v, "maxBatch", Integer::parseInt, d.maxBatch()),
                number(v, "maxBodyBytes", Integer::parseInt, d.maxBodyBytes()),
                Duration.ofSeconds(number(v, "maxClockSkew", Long::parseLong, d.maxClockSkew().toSeconds())),
                store == null ? null : Path.of(store),
                Duration.ofMillis(number(v, "tokenReloadInterval", Long::parseLong, d.tokenReloadInterval().toMillis())),
                number(v, "defaultTokenRate", Integer::parseInt, DEFAULT_TOKEN_RATE),
                number(v, "maxInFlightReadings", Integer::parseInt, DEFAULT_MAX_IN_FLIGHT_READINGS),
                number(v, "maxInFlightBytes", Long::parseLong, DEFAULT_MAX_IN_FLIGHT_BYTES),
                Duration.ofSeconds(number(v, "bodyDeadline", Long::parseLong, DEFAULT_BODY_DEADLINE.toSeconds())),
                number(v, "maxBodiesPerToken", Integer::parseInt, DEFAULT_MAX_BODIES_PER_TOKEN),
                number(v, "maxInFlightBytesPerToken", Long::parseLong, 0L),
                number(v, "maxSeq", Long::parseLong, DEFAULT_MAX_SEQ),
                Duration.ofSeconds(number(v, "maxObservedAge", Long::parseLong, DEFAULT_MAX_OBSERVED_AGE.toSeconds())),
                instant(v, "earliestObservedAt"),
                v.get("metricsToken"));
    }

    /** An instant like {@code 2026-03-15T00:00:00Z} or {@code 2026-03-15T00:00:00+07:00}, or null when unset. */
    private static Instant instant(Map<String, String> values, String key) {
        String raw = values.get(key);
        if (raw == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("ingest." + key + " (env " + ENV.get(key) + "): expected a date-time "
                    + "with an offset like 2026-03-14T00:00:00+07:00, got '" + raw + "'");
        }
    }

    private static <T> T number(Map<String, String> values, String key, Function<String, T> parse, T fallback) {
        String raw = values.get(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return parse.apply(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ingest." + key + " (env " + ENV.get(key) + "): expected a whole number, got '"
                    + raw + "'");
        }
    }
}
