package vn.election.dashboard.auth;

import java.util.Map;

/**
 * How much password checking one instance does and for whom: the bcrypt pool's threads and queue, and per
 * client address the checks at once and the attempts per minute; so a flood of bogus logins is refused at
 * once instead of queueing ahead of real ones.
 *
 * @param checkThreads threads that run bcrypt (default 4: more than one address may hold, so a real login finds one free)
 * @param checkQueue checks that may wait for a thread (default 32); beyond it a login is answered 503 at once
 * @param concurrentPerAddress checks of one client address running or waiting at once (default 2)
 * @param attemptsPerMinute logins one client address may try per minute, a burst of as many (default 30)
 */
public record LoginLimits(int checkThreads, int checkQueue, int concurrentPerAddress, int attemptsPerMinute) {

    public static final LoginLimits DEFAULTS = new LoginLimits(4, 32, 2, 30);

    /** Environment variable per key, read by {@link #fromEnv(Map)}. */
    public static final Map<String, String> ENV = Map.of(
            "checkThreads", "DASHBOARD_LOGIN_CHECK_THREADS",
            "checkQueue", "DASHBOARD_LOGIN_CHECK_QUEUE",
            "concurrentPerAddress", "DASHBOARD_LOGIN_CONCURRENT_PER_ADDRESS",
            "attemptsPerMinute", "DASHBOARD_LOGIN_ATTEMPTS_PER_MINUTE");

    public LoginLimits {
        check("checkThreads", checkThreads, 2, 64);
        check("checkQueue", checkQueue, 0, 10_000);
        check("concurrentPerAddress", concurrentPerAddress, 1, 63);
        check("attemptsPerMinute", attemptsPerMinute, 1, 10_000);
        if (concurrentPerAddress >= checkThreads) {
            // One address could then hold every thread: a real login from elsewhere would wait behind it.
            throw invalid("concurrentPerAddress", "fewer than checkThreads (" + checkThreads + ")", concurrentPerAddress);
        }
    }

    /** The defaults, each replaced by its environment variable when that is set. */
    public static LoginLimits fromEnv(Map<String, String> env) {
        return new LoginLimits(read(env, "checkThreads", DEFAULTS.checkThreads), read(env, "checkQueue", DEFAULTS.checkQueue),
                read(env, "concurrentPerAddress", DEFAULTS.concurrentPerAddress),
                read(env, "attemptsPerMinute", DEFAULTS.attemptsPerMinute));
    }

    private static int read(Map<String, String> env, String key, int fallback) {
        String raw = env.get(ENV.get(key));
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number", raw);
        }
    }

    private static void check(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(key, min + ".." + max, value);
        }
    }

    private static IllegalArgumentException invalid(String key, String expected, Object got) {
        return new IllegalArgumentException("dashboard config access.loginLimits." + key + " (env " + ENV.get(key)
                + "): expected " + expected + ", got '" + got + "'");
    }
}
