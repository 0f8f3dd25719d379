package vn.election.ingest;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import vn.election.edge.BindAddress;

/**
 * Who may read {@code /metrics}, the dashboard's rule: anyone when ingest is bound to loopback;
 * beyond it, {@code Authorization: Bearer} with the metrics token (compared in constant time) or an
 * ingest token of the registry's root (national) unit. In: the request; out: on to the next handler,
 * or 401 (no or unknown token) or 403 (a token for a smaller unit), as JSON naming the header.
 */
final class MetricsAccess {

    private final boolean open;
    private final byte[] metricsTokenDigest;
    private final IngestTokens tokens;
    private final String nationalUnit;

    MetricsAccess(boolean open, String metricsToken, IngestTokens tokens, String nationalUnit) {
        this.open = open;
        this.metricsTokenDigest = metricsToken == null ? null : IngestTokens.hash(metricsToken).getBytes(StandardCharsets.US_ASCII);
        this.tokens = tokens;
        this.nationalUnit = nationalUnit;
    }

    static MetricsAccess of(IngestConfig config, IngestTokens tokens) {
        return new MetricsAccess(BindAddress.isLoopback(config.host()), config.metricsToken(), tokens, config.registry().root());
    }

    void handle(RoutingContext ctx) {
        if (open) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String[] parts = header == null ? new String[0] : header.trim().split("\\s+", 2);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            refuse(ctx, 401, "missing; /metrics of an ingest bound beyond loopback needs Authorization: Bearer "
                    + "<metrics token> (INGEST_METRICS_TOKEN) or a national ingest token");
            return;
        }
        String token = parts[1].trim();
        // Digests of equal length compared in constant time: neither the token nor its length leaks by timing.
        if (metricsTokenDigest != null && MessageDigest.isEqual(metricsTokenDigest,
                IngestTokens.hash(token).getBytes(StandardCharsets.US_ASCII))) {
            ctx.next();
            return;
        }
        Optional<IngestTokens.Grant> grant = tokens.grantOf(token);
        if (grant.isEmpty()) {
            refuse(ctx, 401, "unknown token: neither the metrics token nor an ingest token");
        } else if (!grant.get().unitId().equals(nationalUnit)) {
            JsonReplies.error(ctx, 403, "Authorization", "token " + grant.get().id() + " reports for "
                    + grant.get().unitId() + "; /metrics is for the metrics token or a national (" + nationalUnit
                    + ") token");
        } else {
            ctx.next();
        }
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        JsonReplies.error(ctx, status, "Authorization", message);
    }
}
