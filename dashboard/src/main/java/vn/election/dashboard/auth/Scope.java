package vn.election.dashboard.auth;

import vn.election.model.registry.Registry;

/**
 * What one request or websocket may see: a unit and everything below it. Asked by every endpoint and
 * the push loop before it answers with a unit or an alert.
 */
public record Scope(String unitId, Registry registry) {

    /** Everything: the scope of a national viewer, and of every request when no login is required. */
    public static Scope everything(Registry registry) {
        return new Scope(registry.root(), registry);
    }

    public boolean national() {
        return unitId.equals(registry.root());
    }

    /** True for a registry unit at or below the scope's unit. */
    public boolean allows(String id) {
        return id != null && registry.find(id).isPresent() && registry.isWithin(id, unitId);
    }

    /** Alerts about a unit not in the registry are for national viewers only: nobody can tell where they are. */
    public boolean allowsAlertOn(String id) {
        return national() || allows(id);
    }
}
