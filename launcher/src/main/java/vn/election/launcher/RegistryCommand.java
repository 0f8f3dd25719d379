package vn.election.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.field.registry.RegistryGenerator;
import vn.election.field.registry.Shape;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

/** {@code election-day registry}: registry files; without a subcommand it prints its usage. */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "Registry files (the CSV of docs/contract.md).",
        subcommands = RegistryCommand.Generate.class)
final class RegistryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code election-day registry generate}: a national-scale synthetic registry for a shape and a seed,
     * written to a temporary file beside {@code --out}, loaded back as a check, then moved into place.
     */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate a national-scale registry: 2021 (63 provinces, 705 districts, 10,614 communes, "
                    + "80,000 polling areas, 69.2 million voters) or 2026 (34 provinces, 3,321 communes, no districts, "
                    + "72,000 polling areas, 78.5 million voters). The same shape and seed give the same file.")
    static final class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--shape", required = true, paramLabel = "2021|2026", description = "Which election's hierarchy.")
        String shape;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the CSV (replaced if it exists).")
        Path out;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws IOException {
            CommandLine cli = spec.commandLine();
            Shape chosen = Shape.named(shape).orElseThrow(() -> new ParameterException(cli,
                    "unknown --shape '" + shape + "'; expected one of " + String.join(", ", Shape.keys())));
            Path target = out.toAbsolutePath().normalize();
            Path dir = target.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new ParameterException(cli, "--out " + out + ": directory " + dir + " does not exist");
            }
            if (Files.isDirectory(target)) {
                throw new ParameterException(cli, "--out " + out + " is a directory; give a file name");
            }
            if (!Files.isWritable(dir)) {
                throw new ParameterException(cli, "--out " + out + ": directory " + dir + " is not writable");
            }

            long start = System.nanoTime();
            // A temporary file in the same directory, moved into place only once it is complete and
            // checked, so a crash or a bug never leaves half a registry under the real name.
            Path tmp = dir.resolve("." + target.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            Registry check;
            long generated;
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                    RegistryGenerator.generate(chosen, seed, w);
                }
                generated = System.nanoTime();
                check = RegistryLoader.load(tmp);
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            long finished = System.nanoTime();

            StringBuilder units = new StringBuilder();
            for (int depth = 0; depth < check.levels().size(); depth++) {
                long n = depth == 0 ? 1 : check.descendantsAt(check.root(), depth);
                units.append(depth == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,d %s", n, check.levels().get(depth)));
            }
            PrintWriter pw = cli.getOut();
            pw.println(String.format(Locale.ROOT, "Wrote %s (shape %s, seed %d): %s; %,d voters; "
                    + "%.1f MB, generated in %.1f s, checked in %.1f s",
                    out, chosen.key(), seed, units, check.registeredTotal(check.root()),
                    Files.size(target) / 1e6, (generated - start) / 1e9, (finished - generated) / 1e9));
            pw.flush();
            return 0;
        }

        private static void move(Path from, Path to) throws IOException {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
