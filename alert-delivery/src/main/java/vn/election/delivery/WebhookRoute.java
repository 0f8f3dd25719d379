package vn.election.delivery;

import java.net.URI;
import java.util.Set;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Registry;

/**
 * Which alerts one receiver is sent: those of units within one of {@code unitIds} (a province and everything
 * below it, say), of one of {@code severities} and of one of {@code kinds}; an empty set matches anything,
 * so a route without matchers is a catch-all.
 */
public record WebhookRoute(URI receiver, Set<String> unitIds, Set<String> severities, Set<String> kinds) {

    public WebhookRoute {
        unitIds = Set.copyOf(unitIds);
        severities = Set.copyOf(severities);
        kinds = Set.copyOf(kinds);
    }

    /** A receiver that is sent every alert. */
    public static WebhookRoute everything(URI receiver) {
        return new WebhookRoute(receiver, Set.of(), Set.of(), Set.of());
    }

    public boolean matches(Alert alert, Registry registry) {
        if (!severities.isEmpty() && !severities.contains(alert.severity())) {
            return false;
        }
        if (!kinds.isEmpty() && !kinds.contains(alert.kind())) {
            return false;
        }
        if (unitIds.isEmpty()) {
            return true;
        }
        for (String unit : unitIds) {
            if (registry.isWithin(alert.unitId(), unit)) {
                return true;
            }
        }
        return false;
    }
}
