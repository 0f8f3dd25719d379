package vn.election.ingest;

import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Reads {@code Authorization: Bearer <token>} and finds the token's grant; answers the 401 itself
 * (with {@code WWW-Authenticate}) when there is none, for every route that needs a token.
 */
final class BearerAuth {

    private final IngestTokens tokens;

    BearerAuth(IngestTokens tokens) {
        this.tokens = tokens;
    }

    /** The grant of the request's token, or empty after answering 401 (the body, if any, is left to {@code onRefused}). */
    Optional<IngestTokens.Grant> grant(RoutingContext ctx, Runnable onRefused) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.isBlank()) {
            return refuse(ctx, onRefused, "Bearer", "missing; send the header Authorization: Bearer <token>");
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            return refuse(ctx, onRefused, "Bearer", "expected the Bearer scheme: Authorization: Bearer <token>");
        }
        Optional<IngestTokens.Grant> grant = tokens.grantOf(parts[1].trim());
        if (grant.isEmpty()) {
            // Nothing of the token goes into the log: a mistyped token is often a real one.
            return refuse(ctx, onRefused, "Bearer error=\"invalid_token\"", "unknown or revoked token");
        }
        return grant;
    }

    private static Optional<IngestTokens.Grant> refuse(RoutingContext ctx, Runnable onRefused, String challenge,
                                                       String message) {
        onRefused.run();
        ctx.response().putHeader("WWW-Authenticate", challenge);
        JsonReplies.error(ctx, 401, "Authorization", message);
        return Optional.empty();
    }
}
