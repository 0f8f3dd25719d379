package vn.election.delivery;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read {@code /metrics}, the dashboard's rule: anyone when the service is bound to loopback;
 * beyond it, {@code Authorization: Bearer <metrics token>} only. In: the request; out: on to the next
 * handler, or 401 with {@code WWW-Authenticate: Bearer}.
 */
final class MetricsAccess {

    private final boolean open;
    private final byte[] tokenDigest;

    MetricsAccess(OpsConfig config) {
        this.open = config.loopback();
        this.tokenDigest = config.metricsToken() == null ? null : sha256(config.metricsToken());
    }

    void handle(RoutingContext ctx) {
        if (open) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String[] parts = header == null ? new String[0] : header.strip().split("\\s+", 2);
        // Digests of equal length compared in constant time: neither the token nor its length leaks by timing.
        if (parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && tokenDigest != null
                && MessageDigest.isEqual(tokenDigest, sha256(parts[1].strip()))) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("/metrics beyond loopback needs Authorization: Bearer <metrics token> (DELIVERY_METRICS_TOKEN)\n");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }
}
