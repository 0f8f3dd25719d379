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
                "--speed", "--job-jar", "three Kafka brokers", "--webhook-url", "--webhook-secret", "--silences");
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

    @Test
    void takesTheWebhookOptionsOfRunAndRefusesBadOnesBeforeStartingAnything(@TempDir Path dir) {
        // Checked before the job jar is looked for: nothing starts with a bad webhook setting.
        String missingJar = dir.resolve("none.jar").toString();
        CommandRun badUrl = CommandRun.of("cluster", "--job-jar", missingJar, "--webhook-url", "ftp://hooks.example/");
        assertThat(badUrl.exitCode()).isEqualTo(2);
        assertThat(badUrl.err().strip()).doesNotContain("\n").contains("--webhook-url must be an http:// or https:// URL");
        assertThat(CommandRun.of("cluster", "--job-jar", missingJar, "--webhook-url", "http://127.0.0.1:9/",
                "--webhook-secret", "whsec_!!").err()).contains("--webhook-secret:");
        assertThat(CommandRun.of("cluster", "--job-jar", missingJar, "--silences", dir.resolve("s.json").toString()).err())
                .contains("--silences needs --webhook-url");
        Path routes = dir.resolve("routes.json");
        try {
            java.nio.file.Files.writeString(routes, "[{\"receiver\": \"http://127.0.0.1:9/\", \"severity\": \"urgent\"}]");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CommandRun badRoute = CommandRun.of("cluster", "--job-jar", missingJar, "--webhook-routes", routes.toString(),
                "--webhook-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(badRoute.exitCode()).isEqualTo(2);
        assertThat(badRoute.err().strip()).doesNotContain("\n")
                .contains("--webhook-routes: routes file " + routes + ", entry 0: severity urgent is not one of");
    }
}
