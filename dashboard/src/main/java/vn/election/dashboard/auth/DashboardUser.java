package vn.election.dashboard.auth;

/**
 * One dashboard login from the users file: its name, bcrypt hash, the unit it may see (that unit and
 * everything below it) and an optional role label shown on the page.
 *
 * @param name login name, 1..64 letters, digits, '.', '_', '-' or '@'
 * @param passwordHash bcrypt hash (never the password)
 * @param unit the unit of the scope: the root for a national viewer, a province for a provincial centre
 * @param role a free label such as "national" or "provincial centre", or null
 * @param line the line of the users file it came from, for messages (0 when not from a file)
 */
public record DashboardUser(String name, String passwordHash, String unit, String role, int line) {

    @Override
    public String toString() {
        // Never print the hash: it is as good as a password to an offline attacker.
        return "DashboardUser[name=" + name + ", unit=" + unit + ", role=" + role + ", line=" + line + "]";
    }
}
