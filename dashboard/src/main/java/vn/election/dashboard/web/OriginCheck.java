package vn.election.dashboard.web;

import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Decides whether a websocket handshake may proceed: a browser must come from a page of this same
 * host and port (no cross-site websocket hijacking); a client that sends no Origin (not a browser) may.
 */
public final class OriginCheck {

    private OriginCheck() {
    }

    /**
     * @param origin the request's Origin header, or null
     * @param authority the request's Host (authority), or null
     * @param secure whether the request came over TLS, for the default port
     */
    public static boolean allowed(String origin, HostAndPort authority, boolean secure) {
        if (origin == null || origin.isBlank()) {
            return true;
        }
        if (authority == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false; // includes the opaque "null" origin of sandboxed frames and file: pages
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return false;
        }
        int originPort = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        int hostPort = authority.port() >= 0 ? authority.port() : secure ? 443 : 80;
        return stripBrackets(uri.getHost()).equalsIgnoreCase(stripBrackets(authority.host())) && originPort == hostPort;
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
