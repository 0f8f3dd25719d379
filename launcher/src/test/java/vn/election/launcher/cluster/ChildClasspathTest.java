package vn.election.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildClasspathTest {

    @Test
    void flinkGetsNeitherKafkaNorTheJobsOwnModulesButKeepsTheLauncher(@TempDir Path dir) throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        for (String jar : new String[] {"flink-runtime-2.2.1.jar", "flink-connector-base-2.2.1.jar",
            "flink-connector-kafka-5.0.0-2.2.jar", "kafka-clients-4.2.1.jar", "kafka_2.13-4.2.1.jar",
            "model-0.1.0-SNAPSHOT.jar", "stream-jobs-0.1.0-SNAPSHOT.jar", "field-tools-0.1.0-SNAPSHOT.jar",
            "log4j-core-2.24.3.jar", "notes.txt"}) {
            Files.createFile(lib.resolve(jar));
        }
        Path launcherClasses = Files.createDirectories(dir.resolve("launcher/target/classes"));
        Path modelClasses = Files.createDirectories(dir.resolve("model/target/classes"));
        ChildClasspath cp = ChildClasspath.parse(launcherClasses + File.pathSeparator + modelClasses
                + File.pathSeparator + lib + File.separator + "*");

        assertThat(cp.entries()).hasSize(11);   // the wildcard stands for the jars only
        assertThat(cp.forKafka().split(File.pathSeparator)).hasSize(11);
        assertThat(cp.forFlink().split(File.pathSeparator)).extracting(p -> Path.of(p).getFileName().toString())
                .containsExactlyInAnyOrder("classes", "flink-connector-base-2.2.1.jar", "flink-runtime-2.2.1.jar",
                        "log4j-core-2.24.3.jar");
        assertThat(cp.forFlink()).contains(launcherClasses.toString()).doesNotContain(modelClasses.toString());
    }
}
