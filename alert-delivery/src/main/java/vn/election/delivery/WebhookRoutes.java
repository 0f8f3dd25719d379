package vn.election.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;

/**
 * Where each notification goes: the receivers given without matchers get every alert, the routes of a routes
 * file (a JSON array of {@code {"receiver", "unit_id", "severity", "kind"}}, each matcher a string or a list)
 * get the alerts they match. A receiver is sent one notification per group with the alerts of that group
 * meant for it, under its own {@code webhook-id}; a group no receiver wants is dropped (and counted).
 */
public final class WebhookRoutes {

    /** The severities alert rules give (docs/contract.md). */
    static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    private final List<WebhookRoute> routes;

    public WebhookRoutes(List<WebhookRoute> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The catch-all receivers, then the routes of {@code routesFile} (none when null). */
    public static WebhookRoutes of(List<URI> everything, Path routesFile, Registry registry) {
        List<WebhookRoute> all = new ArrayList<>();
        everything.forEach(u -> all.add(WebhookRoute.everything(u)));
        if (routesFile != null) {
            all.addAll(load(routesFile, registry));
        }
        return new WebhookRoutes(all);
    }

    public List<WebhookRoute> all() {
        return routes;
    }

    /** Every receiver, once, in the order first given. */
    public Set<URI> receivers() {
        Set<URI> out = new LinkedHashSet<>();
        routes.forEach(r -> out.add(r.receiver()));
        return out;
    }

    /**
     * The notification each receiver is sent for {@code full}: the same one where a receiver wants every alert
     * in it, one with its share otherwise (same group key and repeat, its own id), none where it wants none.
     */
    Map<URI, GroupNotification> split(GroupNotification full, Registry registry) {
        Map<URI, List<Alert>> shares = new LinkedHashMap<>();
        for (Alert a : full.alerts()) {
            Set<URI> to = new LinkedHashSet<>();
            for (WebhookRoute r : routes) {
                if (r.matches(a, registry)) {
                    to.add(r.receiver());
                }
            }
            to.forEach(u -> shares.computeIfAbsent(u, k -> new ArrayList<>()).add(a));
        }
        Map<URI, GroupNotification> out = new LinkedHashMap<>();
        shares.forEach((u, alerts) -> out.put(u, alerts.size() == full.alerts().size() ? full
                : GroupNotification.of(full.key(), alerts, full.repeat(), registry, full.oldestRecordMillis())));
        return out;
    }

    /** Reads a routes file; throws {@link IllegalArgumentException} naming the file, the entry and the field. */
    public static List<WebhookRoute> load(Path file, Registry registry) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("routes file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException("routes file " + file + ": expected a JSON array of at least one route");
        }
        List<WebhookRoute> list = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = "routes file " + file + ", entry " + i;
            if (!n.isObject()) {
                throw new IllegalArgumentException(where + ": not an object");
            }
            for (var it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("receiver", "unit_id", "severity", "kind", "comment").contains(f)) {
                    throw new IllegalArgumentException(where + ": unknown field " + f
                            + " (expected receiver, unit_id, severity, kind, comment)");
                }
            }
            URI receiver = receiver(n.get("receiver"), where);
            Set<String> units = strings(n, "unit_id", where);
            for (String u : units) {
                if (registry.find(u).isEmpty()) {
                    throw new IllegalArgumentException(where + ": unit_id " + u + " is not in the registry");
                }
            }
            Set<String> severities = strings(n, "severity", where);
            for (String s : severities) {
                if (!SEVERITIES.contains(s)) {
                    throw new IllegalArgumentException(where + ": severity " + s + " is not one of " + new java.util.TreeSet<>(SEVERITIES));
                }
            }
            Set<String> kinds = strings(n, "kind", where);
            for (String k : kinds) {
                try {
                    AnomalyKind.valueOf(k);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": kind " + k + " is not an alert kind ("
                            + java.util.Arrays.toString(AnomalyKind.values()) + ")");
                }
            }
            list.add(new WebhookRoute(receiver, units, severities, kinds));
        }
        return list;
    }

    private static URI receiver(JsonNode v, String where) {
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException(where + ": receiver must be an http:// or https:// URL");
        }
        try {
            URI u = new URI(v.textValue().strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                throw new URISyntaxException(v.textValue(), "not an http:// or https:// URL with a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + ": receiver must be an http:// or https:// URL with a host, got "
                    + v.textValue());
        }
    }

    /** A string or a list of strings; absent or null is the empty set (any). */
    private static Set<String> strings(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        Set<String> out = new LinkedHashSet<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isTextual() && !v.textValue().isBlank()) {
            out.add(v.textValue().strip());
            return out;
        }
        if (v.isArray() && !v.isEmpty()) {
            for (JsonNode e : v) {
                if (!e.isTextual() || e.textValue().isBlank()) {
                    throw new IllegalArgumentException(where + ": " + field + " must be a string or a list of strings");
                }
                out.add(e.textValue().strip());
            }
            return out;
        }
        throw new IllegalArgumentException(where + ": " + field + " must be a non-empty string or list of strings");
    }
}
