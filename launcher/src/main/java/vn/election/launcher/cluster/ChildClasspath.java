package vn.election.launcher.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The classpath of the child JVMs, taken from the launcher's own: whole for the Kafka brokers; for Flink
 * without Kafka and this project's modules, which the job jar brings itself (Flink loads
 * {@code org.apache.flink.*} parent-first, so a second Kafka connector on the cluster's classpath would
 * meet the job jar's Kafka client in another class loader).
 */
public record ChildClasspath(List<Path> entries) {

    /** Modules of this project that the job jar carries or the cluster does not need; the launcher stays (ParentWatch). */
    private static final Set<String> JOB_MODULES = Set.of("model", "stream-jobs", "ingest", "field-tools", "dashboard",
            "embedded-kafka", "test-support", "bench");

    public ChildClasspath {
        entries = List.copyOf(entries);
    }

    /** The classpath of this JVM. */
    public static ChildClasspath ofThisJvm() {
        return parse(System.getProperty("java.class.path"));
    }

    /** A classpath string; an entry {@code DIR/*} stands for the jars in DIR, as on the java command line. */
    public static ChildClasspath parse(String classpath) {
        List<Path> out = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            if (e.isEmpty()) {
                continue;
            }
            if (e.endsWith("*")) {
                Path dir = Path.of(e.substring(0, e.length() - 1));
                try (Stream<Path> jars = Files.list(dir)) {
                    jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(out::add);
                } catch (IOException ex) {
                    throw new IllegalStateException("cannot list classpath directory " + dir + ": " + ex.getMessage(), ex);
                }
            } else {
                out.add(Path.of(e).toAbsolutePath());
            }
        }
        return new ChildClasspath(out);
    }

    /** Everything: the brokers need Kafka's server jars and nothing of Flink gets in their way. */
    public String forKafka() {
        return join(entries);
    }

    /** Flink and logging without Kafka or the job's own modules. */
    public String forFlink() {
        return join(entries.stream().filter(p -> !isKafka(p) && !isJobModule(p)).toList());
    }

    private static boolean isKafka(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith("kafka") || name.startsWith("flink-connector-kafka");
    }

    private static boolean isJobModule(Path p) {
        String name = p.getFileName().toString();
        for (String module : JOB_MODULES) {
            if (name.startsWith(module + "-") && name.endsWith(".jar")) {
                return true;
            }
            // module/target/classes in an IDE or a reactor build
            if (p.getNameCount() >= 3 && p.getParent().getFileName().toString().equals("target")
                    && p.getParent().getParent().getFileName().toString().equals(module)) {
                return true;
            }
        }
        return false;
    }

    private static String join(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
