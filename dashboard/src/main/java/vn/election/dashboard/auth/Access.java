package vn.election.dashboard.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.registry.Registry;

/**
 * The access rules of one instance, built from {@link AccessConfig} at start: whether a login is needed,
 * the users, the cookie signer and the login throttle; turns a cookie into a {@link Scope}.
 */
public final class Access {

    private static final Logger LOG = LoggerFactory.getLogger(Access.class);
    public static final String COOKIE = "election_session";

    private final Registry registry;
    private final Users users;
    private final SessionCodec codec;
    private final AccessConfig config;
    private final LoginThrottle throttle = new LoginThrottle();
    private final Clock clock;

    private Access(Registry registry, Users users, SessionCodec codec, AccessConfig config, Clock clock) {
        this.registry = registry;
        this.users = users;
        this.codec = codec;
        this.config = config;
        this.clock = clock;
    }

    /** Reads the users file (blocking: call it off the event loop); fails naming the file and line. */
    public static Access create(AccessConfig config, Registry registry, Clock clock) {
        Users users = config.usersFile() == null ? null
                : Users.of(UsersFile.read(config.usersFile()), registry, "users file " + config.usersFile());
        byte[] secret;
        if (config.sessionSecret() != null) {
            secret = config.sessionSecret().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            if (users != null) {
                LOG.warn("No DASHBOARD_SESSION_SECRET given: sessions are signed with a random key of this process, "
                        + "so they do not survive a restart and are not accepted by other instances");
            }
        }
        if (users != null) {
            LOG.info("Dashboard logins required: {} users from {}, sessions last {}", users.size(), config.usersFile(),
                    config.sessionTtl());
        }
        return new Access(registry, users, new SessionCodec(secret), config, clock);
    }

    /** True when every data endpoint and the websocket need a session. */
    /**
     * True when {@code authorization} is {@code Bearer <the configured metrics token>}: the scrape
     * credential of /metrics (compared in constant time; false when no token is configured).
     */
    public boolean metricsScrape(String authorization) {
        if (config.metricsToken() == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        return java.security.MessageDigest.isEqual(config.metricsToken().getBytes(StandardCharsets.UTF_8),
                authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    public boolean required() {
        return users != null;
    }

    public Users users() {
        return users;
    }

    public LoginThrottle throttle() {
        return throttle;
    }

    public Clock clock() {
        return clock;
    }

    public java.time.Duration sessionTtl() {
        return config.sessionTtl();
    }

    /**
     * The session in a cookie value: signed by us, not expired, and still matching a user of the file
     * with the same unit (so removing or re-scoping a user takes effect when the instances restart).
     */
    public Optional<Session> session(String cookieValue) {
        if (users == null || cookieValue == null) {
            return Optional.empty();
        }
        return codec.decode(cookieValue, clock.instant())
                .filter(s -> users.find(s.name()).map(u -> u.unit().equals(s.unit())).orElse(false))
                .filter(s -> registry.find(s.unit()).isPresent());
    }

    /** A new session for the user, and the cookie value that carries it. */
    public String issue(DashboardUser user) {
        Instant now = clock.instant();
        return codec.encode(new Session(user.name(), user.unit(), user.role(), now, now.plus(config.sessionTtl())));
    }

    /** What a request with this session (or none) may see; everything when no login is required. */
    public Scope scope(Optional<Session> session) {
        if (!required()) {
            return Scope.everything(registry);
        }
        return session.map(s -> new Scope(s.unit(), registry)).orElse(null);
    }

    public Registry registry() {
        return registry;
    }
}
