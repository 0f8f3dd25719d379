package vn.election.launcher.cluster;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the shaded turnout job jar ({@code stream-jobs/target/stream-jobs-VERSION-job.jar}, built by
 * {@code ./mvnw -pl stream-jobs -am package -DskipTests}; {@code ./election-day cluster} builds it when missing).
 */
public final class JobJar {

    /** The system property the ./election-day script sets to the jar it built. */
    public static final String PROPERTY = "election-day.job-jar";

    private JobJar() {
    }

    /** {@code given} if not null, else the property, else the newest job jar of the checkout the launcher runs from. */
    public static Path locate(Path given) {
        if (given != null) {
            return requireFile(given, "--job-jar");
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return requireFile(Path.of(property), "-D" + PROPERTY);
        }
        List<Path> roots = new ArrayList<>();
        codeLocation().ifPresent(p -> {
            // launcher/target/launcher-V.jar or launcher/target/classes: the checkout is three levels up
            Path target = p.getParent();
            if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
                roots.add(target.getParent().getParent());
            }
        });
        Path cwd = Path.of("").toAbsolutePath();
        roots.add(cwd);
        if (cwd.getParent() != null) {
            roots.add(cwd.getParent());
        }
        for (Path root : roots) {
            Optional<Path> jar = newestIn(root.resolve("stream-jobs").resolve("target"));
            if (jar.isPresent()) {
                return jar.get();
            }
        }
        throw new IllegalArgumentException("no turnout job jar (stream-jobs/target/stream-jobs-*-job.jar) under "
                + roots.get(0) + ": build it with './mvnw -pl stream-jobs -am package -DskipTests' or give --job-jar FILE");
    }

    private static Optional<Path> newestIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("stream-jobs-.*-job\\.jar"))
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> codeLocation() {
        try {
            return Optional.of(Path.of(JobJar.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Path requireFile(Path p, String what) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(what + " " + p + ": no such file");
        }
        return p.toAbsolutePath();
    }
}
