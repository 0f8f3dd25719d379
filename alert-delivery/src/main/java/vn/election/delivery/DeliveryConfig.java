package vn.election.delivery;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import vn.election.model.registry.Registry;
import vn.election.model.service.ServiceEnv;

/**
 * Settings of webhook delivery: which Kafka, topic prefix and consumer group to read alerts with, where
 * to post them and with which secret, how to group them, how to retry and which silences apply.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port...]}
 * @param topicPrefix prefix of the topic names (default empty)
 * @param groupId Kafka consumer group; its committed offsets are the durable record of what was delivered
 *                (default {@value #DEFAULT_GROUP_ID})
 * @param receivers the webhook URLs; a notification counts as delivered once every one answered 2xx
 * @param secret the signing secret, {@code whsec_<base64>} or a raw string (see {@link WebhookSigner})
 * @param registry the hierarchy used to find each alert's group unit and names
 * @param groupDepth registry depth of the unit alerts are grouped under (default 1, the province level); an
 *                   alert of a unit at or above it is grouped under the unit itself
 * @param groupWait how long a new group waits for more members before its first notification (default 30 s)
 * @param groupInterval how long after a group's last notification new members wait (default 2 min)
 * @param repeatInterval how long until a still-firing group is notified again (default 4 h)
 * @param backoffInitial the first retry's upper bound; doubles per attempt (default 1 s)
 * @param backoffMax the largest retry delay (default 5 min)
 * @param requestTimeout the timeout of one HTTP request (default 10 s)
 * @param silencesFile a JSON file of silences (see {@link Silences}), re-read when it changes; null for none
 * @param routesFile a JSON file of routes (see {@link WebhookRoutes}): receivers sent only the alerts they match,
 *                   besides {@code receivers}, which are sent every alert; null for none
 */
public record DeliveryConfig(String bootstrapServers, String topicPrefix, String groupId, List<URI> receivers,
                             String secret, Registry registry, int groupDepth, Duration groupWait,
                             Duration groupInterval, Duration repeatInterval, Duration backoffInitial,
                             Duration backoffMax, Duration requestTimeout, Path silencesFile,
                             Path routesFile) {

    public static final String DEFAULT_GROUP_ID = "dashboard-webhooks";
    public static final int DEFAULT_GROUP_DEPTH = 1;
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(2);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** Environment variable per key, read by {@link #fromEnv(Map, Registry)}. */
    public static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("bootstrapServers", ServiceEnv.KAFKA_BOOTSTRAP_SERVERS),
            Map.entry("topicPrefix", ServiceEnv.TOPIC_PREFIX),
            Map.entry("groupId", "DELIVERY_GROUP_ID"),
            Map.entry("receivers", "DELIVERY_WEBHOOK_URLS"),
            Map.entry("secret", "DELIVERY_WEBHOOK_SECRET"),
            Map.entry("groupDepth", "DELIVERY_GROUP_DEPTH"),
            Map.entry("groupWait", "DELIVERY_GROUP_WAIT_SECONDS"),
            Map.entry("groupInterval", "DELIVERY_GROUP_INTERVAL_SECONDS"),
            Map.entry("repeatInterval", "DELIVERY_REPEAT_INTERVAL_SECONDS"),
            Map.entry("backoffInitial", "DELIVERY_BACKOFF_INITIAL_MS"),
            Map.entry("backoffMax", "DELIVERY_BACKOFF_MAX_SECONDS"),
            Map.entry("requestTimeout", "DELIVERY_WEBHOOK_TIMEOUT_SECONDS"),
            Map.entry("silencesFile", "DELIVERY_SILENCES_FILE"),
            Map.entry("routesFile", "DELIVERY_ROUTES_FILE"));

    private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]*");

    public DeliveryConfig {
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw invalid("bootstrapServers", "Kafka bootstrap servers as host:port[,host:port...]", bootstrapServers);
        }
        if (!TOPIC_CHARS.matcher(topicPrefix).matches() || topicPrefix.length() > 200) {
            throw invalid("topicPrefix", "letters, digits, '.', '_' or '-' (at most 200)", topicPrefix);
        }
        if (groupId == null || groupId.isBlank()) {
            throw invalid("groupId", "a Kafka consumer group id", groupId);
        }
        receivers = receivers == null ? List.of() : List.copyOf(receivers);
        if (receivers.isEmpty() && routesFile == null) {
            throw invalid("receivers", "at least one http:// or https:// URL (or a routes file" + envOf("routesFile") + ")",
                    receivers);
        }
        for (URI u : receivers) {
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw invalid("receivers", "http:// or https:// URLs with a host", u);
            }
        }
        try {
            WebhookSigner.keyOf(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook delivery: secret" + envOf("secret") + ": " + e.getMessage()
                    + "; expected whsec_<base64> or a non-empty string");
        }
        if (registry == null) {
            throw invalid("registry", "a loaded registry", null);
        }
        if (groupDepth < 0 || groupDepth > registry.leafDepth()) {
            throw invalid("groupDepth", "a registry depth 0.." + registry.leafDepth() + " (" + registry.levels() + ")",
                    groupDepth);
        }
        positive("groupWait", groupWait, true);
        positive("groupInterval", groupInterval, false);
        positive("repeatInterval", repeatInterval, false);
        positive("backoffInitial", backoffInitial, false);
        positive("backoffMax", backoffMax, false);
        positive("requestTimeout", requestTimeout, false);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw invalid("backoffMax", "at least backoffInitial (" + backoffInitial + ")", backoffMax);
        }
    }

    /** The defaults for one receiver. */
    public static DeliveryConfig defaults(String bootstrapServers, Registry registry, URI receiver, String secret) {
        return new DeliveryConfig(bootstrapServers, "", DEFAULT_GROUP_ID, List.of(receiver), secret, registry,
                DEFAULT_GROUP_DEPTH, DEFAULT_GROUP_WAIT, DEFAULT_GROUP_INTERVAL, DEFAULT_REPEAT_INTERVAL,
                DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX, DEFAULT_REQUEST_TIMEOUT, null, null);
    }

    /**
     * Reads the settings from environment variables (see {@link #ENV}), defaults where one is unset;
     * {@code KAFKA_BOOTSTRAP_SERVERS}, {@code DELIVERY_WEBHOOK_URLS} (comma-separated) and
     * {@code DELIVERY_WEBHOOK_SECRET} are required. A bad value is refused naming its variable.
     */
    public static DeliveryConfig fromEnv(Map<String, String> env, Registry registry) {
        String groupId = env.get(ENV.get("groupId"));
        return new DeliveryConfig(env.get(ENV.get("bootstrapServers")), env.getOrDefault(ENV.get("topicPrefix"), ""),
                groupId == null || groupId.isBlank() ? DEFAULT_GROUP_ID : groupId.strip(),
                receivers(env.get(ENV.get("receivers"))), env.get(ENV.get("secret")), registry,
                ServiceEnv.integer(env, ENV.get("groupDepth"), DEFAULT_GROUP_DEPTH, 0, 64),
                seconds(env, "groupWait", DEFAULT_GROUP_WAIT), seconds(env, "groupInterval", DEFAULT_GROUP_INTERVAL),
                seconds(env, "repeatInterval", DEFAULT_REPEAT_INTERVAL),
                Duration.ofMillis(ServiceEnv.integer(env, ENV.get("backoffInitial"), (int) DEFAULT_BACKOFF_INITIAL.toMillis(),
                        0, Integer.MAX_VALUE)),
                seconds(env, "backoffMax", DEFAULT_BACKOFF_MAX), seconds(env, "requestTimeout", DEFAULT_REQUEST_TIMEOUT),
                path(env, "silencesFile"), path(env, "routesFile"));
    }

    public DeliveryConfig withTopicPrefix(String p) {
        return new DeliveryConfig(bootstrapServers, p, groupId, receivers, secret, registry, groupDepth, groupWait,
                groupInterval, repeatInterval, backoffInitial, backoffMax, requestTimeout, silencesFile, routesFile);
    }

    public DeliveryConfig withGroupId(String g) {
        return new DeliveryConfig(bootstrapServers, topicPrefix, g, receivers, secret, registry, groupDepth, groupWait,
                groupInterval, repeatInterval, backoffInitial, backoffMax, requestTimeout, silencesFile, routesFile);
    }

    public DeliveryConfig withReceivers(List<URI> r) {
        return new DeliveryConfig(bootstrapServers, topicPrefix, groupId, r, secret, registry, groupDepth, groupWait,
                groupInterval, repeatInterval, backoffInitial, backoffMax, requestTimeout, silencesFile, routesFile);
    }

    public DeliveryConfig withGroupDepth(int d) {
        return new DeliveryConfig(bootstrapServers, topicPrefix, groupId, receivers, secret, registry, d, groupWait,
                groupInterval, repeatInterval, backoffInitial, backoffMax, requestTimeout, silencesFile, routesFile);
    }

    /** Group wait, group interval and repeat interval at once. */
    public DeliveryConfig withTiming(Duration wait, Duration interval, Duration repeat) {
        return new DeliveryConfig(bootstrapServers, topicPrefix, groupId, receivers, secret, registry, groupDepth, wait,
                interval, repeat, backoffInitial, backoffMax, requestTimeout, silencesFile, routesFile);
    }

    public DeliveryConfig withBackoff(Duration initial, Duration max) {
        return new DeliveryConfig(bootstrapServers, topicPrefix, groupId, receivers, secret, registry, groupDepth,
                groupWait, groupInterval, repeatInterval, initial, max, requestTimeout, silencesFile, routesFile);
    }

    public DeliveryConfig withRequestTimeout(Duration t) {
        return new DeliveryConfig(bootstrapServers, topicPrefix, groupId, receivers, secret, registry, groupDepth,
                groupWait, groupInterval, repeatInterval, backoffInitial, backoffMax, t, silencesFile, routesFile);
    }

    public DeliveryConfig withSilencesFile(Path f) {
        return new DeliveryConfig(bootstrapServers, topicPrefix, groupId, receivers, secret, registry, groupDepth,
                groupWait, groupInterval, repeatInterval, backoffInitial, backoffMax, requestTimeout, f, routesFile);
    }

    public DeliveryConfig withRoutesFile(Path f) {
        return new DeliveryConfig(bootstrapServers, topicPrefix, groupId, receivers, secret, registry, groupDepth,
                groupWait, groupInterval, repeatInterval, backoffInitial, backoffMax, requestTimeout, silencesFile, f);
    }

    /** The catch-all receivers and the routes file's routes, read now (a bad file is refused naming its variable). */
    public WebhookRoutes routes() {
        try {
            return WebhookRoutes.of(receivers, routesFile, registry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook delivery: routesFile" + envOf("routesFile") + ": " + e.getMessage(), e);
        }
    }

    private static Path path(Map<String, String> env, String key) {
        String v = env.get(ENV.get(key));
        return v == null || v.isBlank() ? null : Path.of(v.strip());
    }

    /** Comma-separated URLs; an empty list is refused by the constructor, a malformed URL here, both naming the variable. */
    private static List<URI> receivers(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(u -> !u.isEmpty()).map(u -> {
            try {
                return new URI(u);
            } catch (java.net.URISyntaxException e) {
                throw invalid("receivers", "http:// or https:// URLs with a host, separated by commas", u);
            }
        }).toList();
    }

    private static Duration seconds(Map<String, String> env, String key, Duration fallback) {
        return Duration.ofSeconds(ServiceEnv.integer(env, ENV.get(key), (int) fallback.toSeconds(), 0, Integer.MAX_VALUE));
    }

    private static void positive(String key, Duration d, boolean zeroAllowed) {
        if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw invalid(key, zeroAllowed ? "a duration of zero or more" : "a duration above zero", d);
        }
    }

    private static IllegalArgumentException invalid(String key, String expected, Object got) {
        return new IllegalArgumentException("webhook delivery: " + key + envOf(key) + " must be " + expected + ", got " + got);
    }

    /** The variable {@link #fromEnv} reads a key from, as it appears in an error. */
    private static String envOf(String key) {
        String name = ENV.get(key);
        return name == null ? "" : " (env " + name + ")";
    }

    /** Everything but the secret, which must never reach a log line. */
    @Override
    public String toString() {
        return "DeliveryConfig[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix + ", groupId=" + groupId
                + ", receivers=" + receivers + ", secret=(hidden), registry=" + registry.root() + ", groupDepth=" + groupDepth
                + ", groupWait=" + groupWait + ", groupInterval=" + groupInterval + ", repeatInterval=" + repeatInterval
                + ", backoffInitial=" + backoffInitial + ", backoffMax=" + backoffMax + ", requestTimeout=" + requestTimeout
                + ", silencesFile=" + silencesFile + ", routesFile=" + routesFile + "]";
    }
}
