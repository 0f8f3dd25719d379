package vn.election.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import vn.election.edge.BindAddress;
import vn.election.model.service.ServiceEnv;

/**
 * Where the alert-delivery service answers {@code /health} and {@code /metrics}, and the bearer token
 * {@code /metrics} wants beyond loopback (the dashboard's rule: open on loopback, a token of 32 bytes or
 * more elsewhere, so an address beyond loopback without one is refused at start).
 *
 * @param host address to bind (default 127.0.0.1)
 * @param port port to bind; 0 picks a free port (default {@value #DEFAULT_PORT})
 * @param metricsToken the bearer token of {@code /metrics}; null on loopback for none
 */
public record OpsConfig(String host, int port, String metricsToken) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8083;

    /** Environment variable per key, read by {@link #fromEnv(Map)}. */
    public static final Map<String, String> ENV = Map.of(
            "host", "DELIVERY_HOST",
            "port", "DELIVERY_PORT",
            "metricsToken", "DELIVERY_METRICS_TOKEN");

    public OpsConfig {
        if (host == null || host.isBlank()) {
            throw invalid("host", "an address to bind, for example 127.0.0.1 or 0.0.0.0", host);
        }
        host = host.strip();
        if (port < 0 || port > 65535) {
            throw invalid("port", "0..65535 (0 picks a free port)", port);
        }
        if (metricsToken != null && metricsToken.isBlank()) {
            metricsToken = null;
        }
        if (metricsToken != null) {
            metricsToken = metricsToken.strip();
            if (metricsToken.getBytes(StandardCharsets.UTF_8).length < 32) {
                // Never echo the token, not even a short one.
                throw invalid("metricsToken", "at least 32 bytes (for example: openssl rand -base64 32)", "a shorter value");
            }
        }
        if (metricsToken == null && !BindAddress.isLoopback(host)) {
            throw invalid("metricsToken", "a bearer token of at least 32 bytes when bound beyond loopback (host "
                    + host + "), so only the scraper reads /metrics", "nothing");
        }
    }

    /** Loopback, the default port, no token. */
    public static OpsConfig defaults() {
        return new OpsConfig(DEFAULT_HOST, DEFAULT_PORT, null);
    }

    public static OpsConfig fromEnv(Map<String, String> env) {
        String host = env.get(ENV.get("host"));
        return new OpsConfig(host == null || host.isBlank() ? DEFAULT_HOST : host,
                ServiceEnv.integer(env, ENV.get("port"), DEFAULT_PORT, 0, 65535), env.get(ENV.get("metricsToken")));
    }

    /** True for {@code localhost} or an address of the loopback range; a name that does not resolve is not. */
    public boolean loopback() {
        return BindAddress.isLoopback(host);
    }

    private static IllegalArgumentException invalid(String key, String expected, Object got) {
        return new IllegalArgumentException("alert-delivery " + key + " (env " + ENV.get(key) + "): expected " + expected
                + ", got " + (got == null ? "nothing" : "'" + got + "'"));
    }

    @Override
    public String toString() {
        return "OpsConfig[host=" + host + ", port=" + port + ", metricsToken=" + (metricsToken == null ? "none" : "set") + "]";
    }
}
