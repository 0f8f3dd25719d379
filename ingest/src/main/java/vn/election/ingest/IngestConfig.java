package vn.election.ingest;

import java.time.Duration;
import java.util.Objects;
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
 */
public record IngestConfig(String host, int port, String bootstrapServers, String topicPrefix, Registry registry,
                           int maxBatch, int maxBodyBytes, Duration maxClockSkew) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_MAX_BATCH = 1000;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    /** Beyond a day the check means nothing, and an absurd value would overflow the time arithmetic. */
    public static final Duration MAX_CLOCK_SKEW_LIMIT = Duration.ofDays(1);

    /** Null host, prefix and skew take their defaults; anything else wrong is refused naming the key. */
    public IngestConfig {
        host = host == null ? DEFAULT_HOST : host.trim();
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        maxClockSkew = maxClockSkew == null ? DEFAULT_MAX_CLOCK_SKEW : maxClockSkew;
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
    }

    /** Every default, with the two settings that have none. */
    public static IngestConfig defaults(String bootstrapServers, Registry registry) {
        return new IngestConfig(DEFAULT_HOST, DEFAULT_PORT, bootstrapServers, "", registry, DEFAULT_MAX_BATCH,
                DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CLOCK_SKEW);
    }

    public IngestConfig withHost(String newHost) {
        return new IngestConfig(newHost, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew);
    }

    public IngestConfig withPort(int newPort) {
        return new IngestConfig(host, newPort, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew);
    }

    public IngestConfig withTopicPrefix(String newPrefix) {
        return new IngestConfig(host, port, bootstrapServers, newPrefix, registry, maxBatch, maxBodyBytes, maxClockSkew);
    }

    public IngestConfig withMaxBatch(int newMaxBatch) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, newMaxBatch, maxBodyBytes, maxClockSkew);
    }

    public IngestConfig withMaxBodyBytes(int newMaxBodyBytes) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, newMaxBodyBytes, maxClockSkew);
    }

    public IngestConfig withMaxClockSkew(Duration newSkew) {
        return new IngestConfig(host, port, bootstrapServers, topicPrefix, registry, maxBatch, maxBodyBytes, newSkew);
    }
}
