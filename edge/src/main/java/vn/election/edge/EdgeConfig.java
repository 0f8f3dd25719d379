package vn.election.edge;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import vn.election.model.service.ServiceEnv;

/**
 * What a server's edge allows (docs/security.md): connections in total and per remote address, how long a
 * connection may take to send a request's headers (also how long it may sit idle between requests), how
 * long a whole request may take, and the Host names it answers to. Defaults come from the process's
 * file-descriptor limit, so the HTTP servers together never hold more than a quarter of it and the
 * in-process broker and the job keep the rest.
 *
 * @param maxConnections open connections at once, all addresses together
 * @param maxConnectionsPerAddress open connections at once from one remote address
 * @param headerTimeout time from a connection's start, or its previous answer, to a complete request head
 * @param requestTimeout time from a request's head to the end of its answer (websockets excepted once upgraded)
 * @param hosts the Host names answered; any other gets 421
 */
public record EdgeConfig(int maxConnections, int maxConnectionsPerAddress, Duration headerTimeout,
                         Duration requestTimeout, HostAllowList hosts) {

    /** Share of the process's file descriptors one HTTP server may hold: two servers share a quarter. */
    static final int FD_SHARE_DIVISOR = 8;
    static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    public EdgeConfig {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections: expected at least 1, got " + maxConnections);
        }
        if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > maxConnections) {
            throw new IllegalArgumentException("maxConnectionsPerAddress: expected 1.." + maxConnections + ", got "
                    + maxConnectionsPerAddress);
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("headerTimeout and requestTimeout must be positive");
        }
    }

    /** The defaults for a server bound to {@code bindHost}: caps from the file-descriptor limit, 10 s for a head, 60 s for a request. */
    public static EdgeConfig defaults(String bindHost) {
        int total = defaultMaxConnections(maxFileDescriptors());
        return new EdgeConfig(total, Math.max(1, total / 8), DEFAULT_HEADER_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                HostAllowList.of(bindHost, List.of()));
    }

    /**
     * The defaults, overridden by {@code <PREFIX>_MAX_CONNECTIONS}, {@code _MAX_CONNECTIONS_PER_ADDRESS},
     * {@code _HEADER_TIMEOUT_SECONDS}, {@code _REQUEST_TIMEOUT_SECONDS} and {@code _PUBLIC_HOSTS} (names
     * separated by commas); a value out of range is refused naming the variable.
     */
    public static EdgeConfig fromEnv(Map<String, String> env, String prefix, String bindHost) {
        EdgeConfig d = defaults(bindHost);
        int total = ServiceEnv.integer(env, prefix + "_MAX_CONNECTIONS", d.maxConnections, 1, 1_000_000);
        int perAddress = ServiceEnv.integer(env, prefix + "_MAX_CONNECTIONS_PER_ADDRESS", Math.min(total, Math.max(1, total / 8)),
                1, total);
        Duration header = Duration.ofSeconds(ServiceEnv.integer(env, prefix + "_HEADER_TIMEOUT_SECONDS",
                (int) d.headerTimeout.toSeconds(), 1, 3600));
        Duration request = Duration.ofSeconds(ServiceEnv.integer(env, prefix + "_REQUEST_TIMEOUT_SECONDS",
                (int) d.requestTimeout.toSeconds(), 1, 3600));
        String names = env.getOrDefault(prefix + "_PUBLIC_HOSTS", "");
        return new EdgeConfig(total, perAddress, header, request,
                HostAllowList.of(bindHost, Arrays.stream(names.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
    }

    /** The variables {@link #fromEnv} reads for a server whose variables start with {@code prefix}. */
    public static List<String> envNames(String prefix) {
        return List.of(prefix + "_MAX_CONNECTIONS", prefix + "_MAX_CONNECTIONS_PER_ADDRESS", prefix + "_HEADER_TIMEOUT_SECONDS",
                prefix + "_REQUEST_TIMEOUT_SECONDS", prefix + "_PUBLIC_HOSTS");
    }

    /** The same limits with more public names (for example the launcher's {@code --public-host}). */
    public EdgeConfig withPublicNames(String bindHost, List<String> names) {
        List<String> all = new java.util.ArrayList<>(hosts.names());
        all.addAll(names);
        return new EdgeConfig(maxConnections, maxConnectionsPerAddress, headerTimeout, requestTimeout,
                HostAllowList.of(bindHost, all));
    }

    /** The same, with other connection caps (tests and benches that open many connections from one address). */
    public EdgeConfig withConnections(int total, int perAddress) {
        return new EdgeConfig(total, perAddress, headerTimeout, requestTimeout, hosts);
    }

    /** The same, with other deadlines. */
    public EdgeConfig withTimeouts(Duration header, Duration request) {
        return new EdgeConfig(maxConnections, maxConnectionsPerAddress, header, request, hosts);
    }

    /** An eighth of the descriptor limit, at least 64 and at most 10,000. */
    static int defaultMaxConnections(long maxFileDescriptors) {
        return (int) Math.max(64, Math.min(10_000, maxFileDescriptors / FD_SHARE_DIVISOR));
    }

    /** The process's open-file limit, or 4,096 where the JVM cannot tell (not a Unix). */
    static long maxFileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return 4_096;
    }
}
