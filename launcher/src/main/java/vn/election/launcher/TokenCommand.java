package vn.election.launcher;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vn.election.ingest.IngestConfig;
import vn.election.ingest.TokenRecord;
import vn.election.ingest.TokenStore;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryException;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;

/**
 * {@code election-day token create|list|revoke}: ingest tokens of reporting units in the token store
 * file (hashes only); {@code create} prints the new token once. A running ingest started with
 * {@code run --token-store FILE} picks up every change within seconds.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Make, list and revoke ingest tokens of reporting units.",
            "The store keeps only a SHA-256 hash of each token; 'create' shows the token once.",
            "Start ingest with 'election-day run --token-store FILE': it re-reads the file when it changes,",
            "so a new or revoked token counts within seconds, without a restart."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {

    /** Where the store is when neither --store nor --data-dir is given. */
    static final Path DEFAULT_DATA_DIR = Path.of("election-day-data");
    static final String STORE_FILE_NAME = "tokens";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: create, list or revoke");
    }

    /** Options every subcommand has: where the store is. */
    static final class StoreOptions {
        @Option(names = "--store", paramLabel = "FILE",
                description = "The token store file (default: DIR/" + STORE_FILE_NAME + " of --data-dir).")
        Path store;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory whose '" + STORE_FILE_NAME + "' file is the store (default: "
                        + "./election-day-data).")
        Path dataDir;

        Path file() {
            if (store != null) {
                return store;
            }
            return (dataDir == null ? DEFAULT_DATA_DIR : dataDir).resolve(STORE_FILE_NAME);
        }

        TokenStore open() {
            return new TokenStore(file(), Clock.systemUTC());
        }
    }

    /** {@code token create --unit ID}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Make a token for a unit and print it once; it may report for the polling areas at or below the unit.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Option(names = "--unit", required = true, paramLabel = "ID", description = "The unit (any level of the registry).")
        String unit;

        @Option(names = "--registry", paramLabel = "FILE", description = "Registry CSV (default: the bundled demo registry).")
        Path registryFile;

        @Option(names = "--label", paramLabel = "TEXT", description = "Who holds it, for 'token list' (default: none).")
        String label;

        @Option(names = "--rate", paramLabel = "N",
                description = "Readings per second it may send, bursts of 10 s worth (default: ingest's, "
                        + IngestConfig.DEFAULT_TOKEN_RATE + ").")
        Integer rate;

        @Override
        public Integer call() {
            if (rate != null && rate < 1) {
                throw new ParameterException(spec.commandLine(), "--rate must be at least 1 reading per second, got " + rate);
            }
            Registry registry;
            try {
                registry = registryFile == null ? RegistryLoader.bundledDemo() : RegistryLoader.load(registryFile);
            } catch (RegistryException e) {
                throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage());
            }
            Optional<Unit> found = registry.find(unit);
            if (found.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--unit " + unit + ": no such unit in the registry ("
                        + (registryFile == null ? "the bundled demo" : registryFile) + ")");
            }
            TokenStore.Created created;
            try {
                created = store.open().create(unit, label, rate);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--label: " + e.getMessage());
            } catch (TokenStore.TokenStoreException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            Unit u = found.get();
            long areas = registry.isLeaf(unit) ? 1 : registry.descendantsAt(unit, registry.leafDepth());
            PrintWriter out = spec.commandLine().getOut();
            out.println(created.token());
            out.println();
            out.println("Token " + created.record().id() + " for " + u.level() + " " + u.id() + " (" + u.name() + "), "
                    + areas + " polling area" + (areas == 1 ? "" : "s") + ", "
                    + (rate == null ? "ingest's default rate" : rate + " readings/s") + ".");
            out.println("It is shown only this once: the store " + store.file() + " keeps only its hash.");
            out.println("Send it as 'Authorization: Bearer <token>'; start ingest with: election-day run --token-store "
                    + store.file());
            out.flush();
            return 0;
        }
    }

    /** {@code token list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens of the store (never the tokens themselves).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            List<TokenRecord> records;
            try {
                records = store.open().read();
            } catch (TokenStore.TokenStoreException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (records.isEmpty()) {
                out.println("No tokens in " + store.file() + ".");
            } else {
                out.printf("%-14s %-24s %-8s %-22s %-8s %s%n", "ID", "UNIT", "STATE", "CREATED", "RATE/S", "LABEL");
                for (TokenRecord r : records) {
                    out.printf("%-14s %-24s %-8s %-22s %-8s %s%n", r.id(), r.unit(),
                            r.active() ? "active" : "revoked", r.created(),
                            r.rate() == null ? "default" : r.rate(), r.label());
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code token revoke ID}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a token by its id (see 'token list'); a running ingest refuses it within seconds.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Parameters(index = "0", paramLabel = "ID", description = "The token's id, like t_3f9a1c2b4d.")
        String id;

        @Override
        public Integer call() {
            Optional<TokenRecord> revoked;
            try {
                revoked = store.open().revoke(id);
            } catch (TokenStore.TokenStoreException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (revoked.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "no token " + id + " in " + store.file()
                        + " (see 'election-day token list')");
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Token " + id + " (unit " + revoked.get().unit() + ") is revoked since " + revoked.get().revoked()
                    + "; a running ingest refuses it within seconds.");
            out.flush();
            return 0;
        }
    }
}
