package vn.election.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.dashboard.auth.DashboardUser;
import vn.election.dashboard.auth.PasswordHasher;
import vn.election.dashboard.auth.UsersFile;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryException;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;

/**
 * {@code election-day user add}: adds a dashboard login to the users file (a bcrypt hash, never the
 * password) scoped to a unit; the password comes from {@code ELECTION_DAY_PASSWORD} or standard input,
 * never from an argument (arguments show in {@code ps} and shell history).
 */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = {"Manage dashboard logins in a users file (see 'run --users FILE').",
            "A login sees its unit and everything below it: the root for a national viewer, a province for a provincial centre."},
        subcommands = {UserCommand.Add.class})
final class UserCommand implements Runnable {

    static final String PASSWORD_ENV = "ELECTION_DAY_PASSWORD";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: add");
    }

    /** {@code user add --users FILE --name NAME --unit ID}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a login to the users file (created when missing, readable by its owner only).",
                "The password is read from the environment variable " + PASSWORD_ENV + " or from standard input",
                "(asked twice on a terminal; else the first line); at least " + PasswordHasher.MIN_PASSWORD_CHARS
                        + " characters, at most " + PasswordHasher.MAX_PASSWORD_BYTES + " bytes."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--users", required = true, paramLabel = "FILE", description = "The users file (JSON lines or CSV).")
        Path users;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Login name: 1..64 letters, digits, '.', '_', '-' or '@'.")
        String name;

        @Option(names = "--unit", required = true, paramLabel = "UNIT_ID", description = "The unit the login may see, with everything below it.")
        String unit;

        @Option(names = "--role", paramLabel = "TEXT", description = "A label shown on the page, e.g. 'provincial centre' (default: none).")
        String role;

        @Option(names = "--registry", paramLabel = "FILE", description = "Registry CSV (default: the bundled demo registry).")
        Path registryFile;

        @Option(names = "--cost", paramLabel = "N", defaultValue = "" + PasswordHasher.DEFAULT_COST,
                description = "bcrypt cost (default: ${DEFAULT-VALUE}; lower only for tests).")
        int cost;

        /** Seams for tests: where the password comes from. */
        Map<String, String> env = System.getenv();
        InputStream in = System.in;

        @Override
        public Integer call() {
            if (!UsersFile.NAME.matcher(name).matches()) {
                throw new ParameterException(spec.commandLine(), "--name must be 1..64 letters, digits, '.', '_', '-' or '@'");
            }
            Registry registry;
            try {
                registry = registryFile == null ? RegistryLoader.bundledDemo() : RegistryLoader.load(registryFile);
            } catch (RegistryException e) {
                throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage());
            }
            Unit u = registry.find(unit).orElseThrow(() -> new ParameterException(spec.commandLine(), "--unit " + unit
                    + ": no such unit in the registry (" + (registryFile == null ? "the bundled demo" : registryFile) + ")"));
            String hash;
            try {
                hash = PasswordHasher.hash(password(), cost);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "password: " + e.getMessage());
            }
            try {
                UsersFile.append(users, new DashboardUser(name, hash, u.id(), role == null || role.isBlank() ? null : role.strip(), 0));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Added '" + name + "' to " + users + ": sees " + u.name() + " (" + u.id() + ", " + u.level()
                    + ") and everything below it.");
            out.println("Start the dashboard with: ./election-day run --users " + users);
            out.flush();
            return 0;
        }

        private String password() {
            String fromEnv = env.get(PASSWORD_ENV);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return fromEnv;
            }
            Console console = in == System.in ? System.console() : null;
            if (console != null) {
                char[] first = console.readPassword("Password for %s: ", name);
                char[] again = console.readPassword("Again: ");
                if (first == null || again == null || !Arrays.equals(first, again)) {
                    throw new ParameterException(spec.commandLine(), "the two passwords differ");
                }
                return new String(first);
            }
            try {
                String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "no password: set " + PASSWORD_ENV
                            + " or give it on standard input");
                }
                return line;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password from standard input", e);
            }
        }
    }
}
