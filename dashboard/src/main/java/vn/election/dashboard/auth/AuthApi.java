package vn.election.dashboard.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.RateLimitedLog;
import vn.election.dashboard.web.JsonReply;
import vn.election.dashboard.web.OriginCheck;
import vn.election.model.json.Json;

/**
 * {@code POST /api/v1/login} (name and password in, a signed session cookie out), {@code POST /api/v1/logout}
 * and {@code GET /api/v1/me} (who is signed in and which unit they see).
 */
public final class AuthApi {

    private static final String LOGIN = "/api/v1/login";
    private static final String LOGOUT = "/api/v1/logout";
    private static final String ME = "/api/v1/me";
    private static final Logger LOG = LoggerFactory.getLogger(AuthApi.class);
    private static final int MAX_BODY = 4096;
    private static final int MAX_PASSWORD_CHARS = 1024;
    /** The same answer for an unknown name and a wrong password: names are not given away. */
    private static final String WRONG = "wrong name or password";

    /** Code of a refusal by the per-name failure throttle. */
    private static final String TOO_MANY_FAILURES = "too_many_failures_for_name";
    /** Code of a refusal because every password-check thread and queue place is taken. */
    private static final String CHECKS_BUSY = "login_checks_busy";

    private final Access access;
    private final AddressLimiter addresses;
    private final PasswordChecks checks;
    private final RateLimitedLog failedLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));

    public AuthApi(Access access, LoginLimits limits) {
        this.access = access;
        this.addresses = new AddressLimiter(limits);
        this.checks = new PasswordChecks(limits);
    }

    /** True for the paths of sign-in, sign-out and who-am-I: the gate lets them through without a session. */
    static boolean serves(String path) {
        return path.equals(LOGIN) || path.equals(LOGOUT) || path.equals(ME);
    }

    /** Stops the password-check threads. */
    public void close() {
        checks.close();
    }

    public void mount(Router router) {
        router.post(LOGIN).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::login);
        router.post(LOGOUT).handler(this::logout);
        router.get(ME).handler(this::me);
    }

    private void login(RoutingContext ctx) {
        if (!sameOrigin(ctx)) {
            return;
        }
        if (!access.required()) {
            JsonReply.error(ctx, 404, "this instance has no logins (no users file): it is open on loopback");
            return;
        }
        String name;
        String password;
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString());
            if (body == null || !body.isObject() || !body.path("name").isTextual() || !body.path("password").isTextual()) {
                throw new IOException("not an object with text name and password");
            }
            name = body.get("name").textValue();
            password = body.get("password").textValue();
        } catch (IOException e) {
            JsonReply.error(ctx, 400, "body must be JSON {\"name\": \"...\", \"password\": \"...\"}");
            return;
        }
        if (name.isEmpty() || name.length() > 64 || password.length() > MAX_PASSWORD_CHARS) {
            JsonReply.error(ctx, 401, WRONG);
            return;
        }
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        String key = LoginThrottle.key(name, address);
        Optional<Duration> wait = access.throttle().waitFor(key, access.clock().instant());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            JsonReply.tryLater(ctx, 429, TOO_MANY_FAILURES, seconds,
                    "too many failed logins for this name from this address; try again in " + seconds + " s");
            return;
        }
        // Per address before any bcrypt work: a flood from one address (with a new name each time, which the
        // per-name throttle never sees twice) is refused at once and never queues ahead of other people's logins.
        AddressLimiter.Admission admission = addresses.admit(address);
        if (!admission.admitted()) {
            refusedLog.warn("Refused logins from " + address + ": " + admission.refusal().replace('_', ' '), null);
            JsonReply.tryLater(ctx, 429, admission.refusal(), admission.retryAfterSeconds(),
                    (admission.refusal().equals(AddressLimiter.Admission.TOO_MANY_AT_ONCE)
                            ? "too many logins at once from this address"
                            : "too many logins from this address this minute")
                            + "; try again in " + admission.retryAfterSeconds() + " s");
            return;
        }
        // bcrypt takes a quarter of a second by design: on the login pool, never the event loop nor Vert.x's workers.
        Context context = ctx.vertx().getOrCreateContext();
        java.util.concurrent.CompletableFuture<Optional<DashboardUser>> check;
        try {
            check = checks.submit(() -> access.users().authenticate(name, password));
        } catch (RejectedExecutionException e) {
            addresses.release(address);
            refusedLog.warn("Every login check thread and queue place is taken; refused a login from " + address, null);
            JsonReply.tryLater(ctx, 503, CHECKS_BUSY, 1, "the server is busy checking other logins; try again in 1 s");
            return;
        }
        check.whenComplete((user, error) -> context.runOnContext(v -> {
            addresses.release(address);
            answer(ctx, name, address, key, user, error);
        }));
    }

    private void answer(RoutingContext ctx, String name, String address, String key, Optional<DashboardUser> user,
                        Throwable error) {
        if (error != null) {
            ctx.fail(error);
            return;
        }
        if (user.isEmpty()) {
            access.throttle().failed(key, access.clock().instant());
            // Never the password; the name only when it is a real user (a typed-in password must not reach the log).
            String who = access.users().find(name).isPresent() ? "user '" + name + "'" : "an unknown name";
            failedLog.warn("Failed dashboard login for " + who + " from " + address, null);
            JsonReply.error(ctx, 401, WRONG);
            return;
        }
        access.throttle().succeeded(key);
        String value = access.issue(user.get());
        ctx.response().addCookie(cookie(ctx, value, access.sessionTtl().toSeconds()));
        Session s = access.session(value).orElseThrow();
        LOG.info("Dashboard login of '{}' (scope {}) from {}", s.name(), s.unit(), address);
        JsonReply.send(ctx, 200, me(s));
    }

    private void logout(RoutingContext ctx) {
        if (!sameOrigin(ctx)) {
            return;
        }
        // Stateless sessions: the browser forgets the cookie; a copy stays valid until it expires.
        ctx.response().addCookie(cookie(ctx, "", 0));
        JsonReply.send(ctx, 200, Json.MAPPER.createObjectNode().put("signed_out", true));
    }

    private void me(RoutingContext ctx) {
        if (!access.required()) {
            Scope all = Scope.everything(access.registry());
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("login_required", false);
            o.putNull("name");
            o.put("unit", all.unitId());
            o.put("unit_name", access.registry().unit(all.unitId()).name());
            o.putNull("role");
            o.putNull("expires_at");
            JsonReply.send(ctx, 200, o);
            return;
        }
        Optional<Session> s = RequestAccess.session(ctx);
        if (s.isEmpty()) {
            JsonReply.error(ctx, 401, "not signed in");
            return;
        }
        JsonReply.send(ctx, 200, me(s.get()));
    }

    private ObjectNode me(Session s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("login_required", true);
        o.put("name", s.name());
        o.put("unit", s.unit());
        o.put("unit_name", access.registry().unit(s.unit()).name());
        o.put("role", s.role());
        o.put("expires_at", s.expiresAt().toString());
        return o;
    }

    /** A page on another site must not sign a browser in or out (login CSRF); as for acknowledgements. */
    private static boolean sameOrigin(RoutingContext ctx) {
        if (OriginCheck.allowed(ctx.request().getHeader("Origin"), ctx.request().authority(), ctx.request().isSSL())) {
            return true;
        }
        JsonReply.error(ctx, 403, "cross-origin request refused");
        return false;
    }

    private static Cookie cookie(RoutingContext ctx, String value, long maxAgeSeconds) {
        // Secure when the browser came over TLS, here or at a proxy that says so.
        boolean tls = ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
        return Cookie.cookie(Access.COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                .setSecure(tls).setMaxAge(maxAgeSeconds);
    }
}
