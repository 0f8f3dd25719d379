package vn.election.dashboard;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.web.ScreenConfig;
import vn.election.model.registry.Registry;
import vn.election.model.targets.TurnoutTargets;

/**
 * Settings of one dashboard instance: where it listens, which Kafka and topic prefix it reads, the
 * registry it answers for, how often it pushes to browsers and the turnout target the page shows.
 *
 * @param host address to bind (default 127.0.0.1)
 * @param port port to bind; 0 picks a free port (default 8080)
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topicPrefix prefix of every topic name (default empty)
 * @param registry the administrative hierarchy every answer is built on
 * @param pushInterval how often changed units are pushed to websocket clients (default 100 ms: with the job's 200 ms tick, the waits for the next tick and the next push stay under 300 ms, inside the 500 ms budget from ingest to screen)
 * @param targetPct the turnout target shown on the page (default 99.5)
 * @param screen time zone, lateness, target curve and previous election for the page
 * @param stalledAfter a websocket client that has not read anything for this long is dropped (default 30 s)
 * @param access users file, session secret and lifetime; without a users file no login (loopback only)
 */
public record DashboardConfig(String host, int port, String bootstrapServers, String topicPrefix, Registry registry,
                              Duration pushInterval, BigDecimal targetPct, ScreenConfig screen,
                              Duration stalledAfter, AccessConfig access) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_PUSH_INTERVAL = Duration.ofMillis(100);
    public static final BigDecimal DEFAULT_TARGET_PCT = new BigDecimal("99.5");
    public static final Duration DEFAULT_STALLED_AFTER = Duration.ofSeconds(30);

    /** Environment variable per key, read by {@link #fromEnv(Map, Registry)}. */
    public static final Map<String, String> ENV = Map.of(
            "host", "DASHBOARD_HOST",
            "port", "DASHBOARD_PORT",
            "bootstrapServers", "KAFKA_BOOTSTRAP_SERVERS",
            "topicPrefix", "TOPIC_PREFIX",
            "pushInterval", "DASHBOARD_PUSH_INTERVAL_MS",
            "targetPct", "DASHBOARD_TARGET_PCT",
            "stalledAfter", "DASHBOARD_STALLED_CLIENT_SECONDS",
            "targetsFile", "DASHBOARD_TARGETS_FILE");

    private static final Duration MIN_PUSH_INTERVAL = Duration.ofMillis(10);
    private static final Duration MAX_PUSH_INTERVAL = Duration.ofSeconds(10);
    // Kafka's own rule for topic names; the prefix becomes part of every name.
    private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]*");

    public DashboardConfig {
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        if (host == null || host.isBlank()) {
            throw invalid("host", "an address to bind, for example 127.0.0.1 or 0.0.0.0", host);
        }
        if (port < 0 || port > 65535) {
            throw invalid("port", "0..65535 (0 picks a free port)", port);
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw invalid("bootstrapServers", "Kafka bootstrap servers as host:port[,host:port...]", bootstrapServers);
        }
        if (!TOPIC_CHARS.matcher(topicPrefix).matches() || topicPrefix.length() > 200) {
            throw invalid("topicPrefix", "letters, digits, '.', '_' or '-' (at most 200)", topicPrefix);
        }
        if (registry == null) {
            throw invalid("registry", "a loaded registry", null);
        }
        if (pushInterval == null || pushInterval.compareTo(MIN_PUSH_INTERVAL) < 0
                || pushInterval.compareTo(MAX_PUSH_INTERVAL) > 0) {
            throw invalid("pushInterval", "between 10 ms and 10 s", pushInterval);
        }
        if (targetPct == null || targetPct.signum() <= 0 || targetPct.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw invalid("targetPct", "a percentage above 0 and at most 100", targetPct);
        }
        if (screen == null) {
            screen = ScreenConfig.defaults();
        }
        if (stalledAfter == null || stalledAfter.compareTo(pushInterval.multipliedBy(2)) < 0
                || stalledAfter.compareTo(Duration.ofMinutes(10)) > 0) {
            throw invalid("stalledAfter", "at least two push intervals and at most 10 minutes", stalledAfter);
        }
        if (access == null) {
            access = AccessConfig.open();
        }
    }

    /** Every default, with the two settings that have none. Reads the bundled baseline. */
    public static DashboardConfig defaults(String bootstrapServers, Registry registry) {
        return new DashboardConfig(DEFAULT_HOST, DEFAULT_PORT, bootstrapServers, "", registry, DEFAULT_PUSH_INTERVAL,
                DEFAULT_TARGET_PCT, ScreenConfig.defaults(), DEFAULT_STALLED_AFTER, AccessConfig.open());
    }

    /**
     * Reads the settings from environment variables (see {@link #ENV}), defaults where one is unset;
     * {@code KAFKA_BOOTSTRAP_SERVERS} is required.
     */
    public static DashboardConfig fromEnv(Map<String, String> env, Registry registry) {
        DashboardConfig d = defaults("unset", registry);
        BigDecimal targetPct = parseDecimal(env, "targetPct", d.targetPct());
        return new DashboardConfig(
                env.getOrDefault(ENV.get("host"), d.host()),
                (int) parseLong(env, "port", d.port()),
                env.get(ENV.get("bootstrapServers")),
                env.getOrDefault(ENV.get("topicPrefix"), d.topicPrefix()),
                registry,
                Duration.ofMillis(parseLong(env, "pushInterval", d.pushInterval().toMillis())),
                targetPct,
                targets(env, registry, targetPct, ScreenConfig.fromEnv(env)),
                Duration.ofSeconds(parseLong(env, "stalledAfter", d.stalledAfter().toSeconds())),
                AccessConfig.fromEnv(env));
    }

    /** The screen settings with the units' own targets of {@code DASHBOARD_TARGETS_FILE}, if set. */
    private static ScreenConfig targets(Map<String, String> env, Registry registry, BigDecimal targetPct, ScreenConfig screen) {
        String file = env.get(ENV.get("targetsFile"));
        if (file == null || file.isBlank()) {
            return screen;
        }
        try {
            return screen.withTargets(TurnoutTargets.load(java.nio.file.Path.of(file.strip()), registry, targetPct));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dashboard: targetsFile (env " + ENV.get("targetsFile") + "): " + e.getMessage(), e);
        }
    }

    public DashboardConfig withHost(String value) {
        return new DashboardConfig(value, port, bootstrapServers, topicPrefix, registry, pushInterval, targetPct, screen,
                stalledAfter, access);
    }

    public DashboardConfig withPort(int value) {
        return new DashboardConfig(host, value, bootstrapServers, topicPrefix, registry, pushInterval, targetPct, screen,
                stalledAfter, access);
    }

    public DashboardConfig withTopicPrefix(String value) {
        return new DashboardConfig(host, port, bootstrapServers, value, registry, pushInterval, targetPct, screen,
                stalledAfter, access);
    }

    public DashboardConfig withPushInterval(Duration value) {
        return new DashboardConfig(host, port, bootstrapServers, topicPrefix, registry, value, targetPct, screen,
                stalledAfter, access);
    }

    public DashboardConfig withTargetPct(BigDecimal value) {
        return new DashboardConfig(host, port, bootstrapServers, topicPrefix, registry, pushInterval, value, screen,
                stalledAfter, access);
    }

    public DashboardConfig withScreen(ScreenConfig value) {
        return new DashboardConfig(host, port, bootstrapServers, topicPrefix, registry, pushInterval, targetPct, value,
                stalledAfter, access);
    }

    public DashboardConfig withStalledAfter(Duration value) {
        return new DashboardConfig(host, port, bootstrapServers, topicPrefix, registry, pushInterval, targetPct, screen,
                value, access);
    }

    public DashboardConfig withAccess(AccessConfig value) {
        return new DashboardConfig(host, port, bootstrapServers, topicPrefix, registry, pushInterval, targetPct, screen,
                stalledAfter, value);
    }

    private static long parseLong(Map<String, String> env, String key, long fallback) {
        String raw = env.get(ENV.get(key));
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number", raw);
        }
    }

    private static BigDecimal parseDecimal(Map<String, String> env, String key, BigDecimal fallback) {
        String raw = env.get(ENV.get(key));
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return new BigDecimal(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, "a decimal number such as 99.5", raw);
        }
    }

    private static IllegalArgumentException invalid(String key, String expected, Object got) {
        String env = ENV.get(key);
        String name = env == null ? key : key + " (env " + env + ")";
        return new IllegalArgumentException("dashboard config " + name + ": expected " + expected + ", got "
                + (got == null ? "nothing" : "'" + got + "'"));
    }

    @Override
    public String toString() {
        return "DashboardConfig[host=" + host + ", port=" + port + ", bootstrapServers=" + bootstrapServers
                + ", topicPrefix=" + topicPrefix + ", registry=" + (registry == null ? null : registry.size() + " units")
                + ", pushInterval=" + pushInterval + ", targetPct=" + targetPct + ", screen=" + screen + ", stalledAfter=" + stalledAfter + ", access=" + access + "]";
    }
}
