package vn.election.dashboard.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.election.model.registry.Registry;

/**
 * The logins of one instance, checked against the registry at start; answers who a name and password
 * belong to with the same bcrypt work whether the name exists or not, so timing does not reveal names.
 */
public final class Users {

    private final Map<String, DashboardUser> byName = new LinkedHashMap<>();
    /** Checked when the name is unknown: as slow as a real check at the file's highest cost. */
    private final String dummyHash;

    private Users(List<DashboardUser> users) {
        users.forEach(u -> byName.put(u.name(), u));
        int cost = users.stream().mapToInt(u -> PasswordHasher.costOf(u.passwordHash())).max()
                .orElse(PasswordHasher.DEFAULT_COST);
        this.dummyHash = PasswordHasher.hash("not-a-password-" + System.nanoTime(), cost);
    }

    /** The users, each with a unit of the registry; fails naming the source and line otherwise. */
    public static Users of(List<DashboardUser> users, Registry registry, String source) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException(source + ": has no users; add one with 'election-day user add'");
        }
        for (DashboardUser u : users) {
            if (registry.find(u.unit()).isEmpty()) {
                throw new IllegalArgumentException(source + " line " + u.line() + ": unit '" + u.unit() + "' of '"
                        + u.name() + "' is not in the registry");
            }
        }
        return new Users(users);
    }

    /** The user when the password is theirs; takes one bcrypt check either way (run it off the event loop). */
    public Optional<DashboardUser> authenticate(String name, String password) {
        DashboardUser u = name == null ? null : byName.get(name);
        boolean ok = PasswordHasher.verify(password, u == null ? dummyHash : u.passwordHash());
        return ok && u != null ? Optional.of(u) : Optional.empty();
    }

    public Optional<DashboardUser> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public int size() {
        return byName.size();
    }
}
