package vn.election.dashboard.api;

import io.vertx.ext.web.RoutingContext;

/** Reads REST query parameters with clear errors: what was expected and what came. */
final class Params {

    private Params() {
    }

    /** The parameter's text, or null when absent or blank. */
    static String text(RoutingContext ctx, String name) {
        String raw = ctx.queryParams().get(name);
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        String raw = text(ctx, name);
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below with the allowed range
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got '"
                + shown(raw) + "'");
    }

    /** A value as it may be echoed in an error: at most 40 characters. */
    static String shown(String raw) {
        return raw == null ? "" : raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
    }
}
