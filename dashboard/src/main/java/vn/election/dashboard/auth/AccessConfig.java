package vn.election.dashboard.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Who may read the dashboard: the users file (none = no logins, allowed on loopback only), the secret
 * that signs session cookies (none = a random one per process) and how long a session lasts.
 *
 * @param usersFile the users file; when given every data endpoint and the websocket need a login
 * @param sessionSecret at least 32 bytes shared by every instance behind one balancer; null for a random one
 * @param sessionTtl how long a login lasts (default 12 h, 1 min to 7 days)
 * @param metricsToken a bearer token (at least 32 bytes) that may read /metrics without a login, for
 *        Prometheus; null = only a national session may
 * @param loginLimits the password-check pool and the per-address login limits (null = {@link LoginLimits#DEFAULTS})
 */
public record AccessConfig(Path usersFile, String sessionSecret, Duration sessionTtl, String metricsToken,
                           LoginLimits loginLimits) {

    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(12);

    /** Environment variable per key, read by {@link #fromEnv(Map)}. */
    public static final Map<String, String> ENV = Map.of(
            "usersFile", "DASHBOARD_USERS_FILE",
            "sessionSecret", "DASHBOARD_SESSION_SECRET",
            "sessionTtl", "DASHBOARD_SESSION_MINUTES",
            "metricsToken", "DASHBOARD_METRICS_TOKEN");

    /** Without a metrics token: /metrics needs a national session when logins are on. */
    public AccessConfig(Path usersFile, String sessionSecret, Duration sessionTtl) {
        this(usersFile, sessionSecret, sessionTtl, null);
    }

    /** With the default login limits. */
    public AccessConfig(Path usersFile, String sessionSecret, Duration sessionTtl, String metricsToken) {
        this(usersFile, sessionSecret, sessionTtl, metricsToken, null);
    }

    public AccessConfig {
        if (sessionSecret != null && sessionSecret.isBlank()) {
            sessionSecret = null;
        }
        if (metricsToken != null && metricsToken.isBlank()) {
            metricsToken = null;
        }
        if (metricsToken != null && metricsToken.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw invalid("metricsToken", "at least 32 bytes (for example: openssl rand -base64 32)", "a shorter value");
        }
        if (sessionSecret != null && sessionSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            // Never echo the secret, not even a short one.
            throw invalid("sessionSecret", "at least 32 bytes (for example: openssl rand -base64 32)", "a shorter value");
        }
        if (sessionTtl == null) {
            sessionTtl = DEFAULT_SESSION_TTL;
        }
        if (loginLimits == null) {
            loginLimits = LoginLimits.DEFAULTS;
        }
        if (sessionTtl.compareTo(Duration.ofMinutes(1)) < 0 || sessionTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw invalid("sessionTtl", "1 minute to 7 days", sessionTtl);
        }
    }

    /** No logins: the dashboard is open, which {@code DashboardServer} allows on loopback only. */
    public static AccessConfig open() {
        return new AccessConfig(null, null, DEFAULT_SESSION_TTL);
    }

    public static AccessConfig fromEnv(Map<String, String> env) {
        String file = env.get(ENV.get("usersFile"));
        String minutes = env.get(ENV.get("sessionTtl"));
        Duration ttl = DEFAULT_SESSION_TTL;
        if (minutes != null && !minutes.isBlank()) {
            try {
                ttl = Duration.ofMinutes(Long.parseLong(minutes.trim()));
            } catch (NumberFormatException e) {
                throw invalid("sessionTtl", "a whole number of minutes", minutes);
            }
        }
        return new AccessConfig(file == null || file.isBlank() ? null : Path.of(file.trim()),
                env.get(ENV.get("sessionSecret")), ttl, env.get(ENV.get("metricsToken")), LoginLimits.fromEnv(env));
    }

    public AccessConfig withUsersFile(Path value) {
        return new AccessConfig(value, sessionSecret, sessionTtl, metricsToken, loginLimits);
    }

    public AccessConfig withSessionSecret(String value) {
        return new AccessConfig(usersFile, value, sessionTtl, metricsToken, loginLimits);
    }

    public AccessConfig withSessionTtl(Duration value) {
        return new AccessConfig(usersFile, sessionSecret, value, metricsToken, loginLimits);
    }

    public AccessConfig withLoginLimits(LoginLimits value) {
        return new AccessConfig(usersFile, sessionSecret, sessionTtl, metricsToken, value);
    }

    private static IllegalArgumentException invalid(String key, String expected, Object got) {
        return new IllegalArgumentException("dashboard config access." + key + " (env " + ENV.get(key) + "): expected "
                + expected + ", got '" + got + "'");
    }

    @Override
    public String toString() {
        return "AccessConfig[usersFile=" + usersFile + ", sessionSecret=" + (sessionSecret == null ? "random" : "set")
                + ", sessionTtl=" + sessionTtl + ", metricsToken=" + (metricsToken == null ? "none" : "set") + ", loginLimits=" + loginLimits + "]";
    }
}
