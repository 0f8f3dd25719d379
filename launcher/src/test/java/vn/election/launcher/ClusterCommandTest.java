package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterCommandTest {

    @Test
    void answersHelpWithTheRunOptionsItShares() {
        CommandRun o = CommandRun.of("cluster", "--help");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("--registry", "--no-simulator", "--dashboard-port", "--ingest-port", "--data-dir",
                "--speed", "--job-jar", "three Kafka brokers");
        assertThat(CommandRun.of("--help").out()).contains("cluster");
    }

    @Test
    void refusesAMissingJobJarInOneLine(@TempDir Path dir) {
        CommandRun o = CommandRun.of("cluster", "--job-jar", dir.resolve("none.jar").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("--job-jar").contains("no such file");
    }

    @Test
    void refusesBadPortsAndSpeedsBeforeStartingAnything() {
        assertThat(CommandRun.of("cluster", "--dashboard-port", "70000").err()).contains("--dashboard-port must be 0..65535");
        assertThat(CommandRun.of("cluster", "--dashboard-port", "9000", "--ingest-port", "9000").err()).contains("both 9000");
        assertThat(CommandRun.of("cluster", "--speed", "-1").exitCode()).isEqualTo(2);
    }

    @Test
    void refusesAMissingRegistryInOneLine(@TempDir Path dir) {
        CommandRun o = CommandRun.of("cluster", "--registry", dir.resolve("missing.csv").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("--registry");
    }
}
