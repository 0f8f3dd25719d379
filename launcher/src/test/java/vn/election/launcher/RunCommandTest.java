package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {


    private static CommandRun execute(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void answersHelpForEveryCommand() {
        assertThat(execute("--help")).satisfies(o -> {
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("run");
        });
        assertThat(execute("run", "--help")).satisfies(o -> {
            assertThat(o.exitCode()).isZero();
            assertThat(o.out()).contains("--registry", "--no-simulator", "--dashboard-port", "--ingest-port",
                    "--data-dir", "--ingest-token", "--webhook-url", "--webhook-secret", "--silences", "alert-delivery/README.md");
        });
    }

    @Test
    void runsWhenNoSubcommandIsGiven() {
        assertThat(ElectionDay.withDefaultCommand(new String[0])).containsExactly("run");
        assertThat(ElectionDay.withDefaultCommand(new String[] {"--dashboard-port", "9000"}))
                .containsExactly("run", "--dashboard-port", "9000");
        assertThat(ElectionDay.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
        assertThat(ElectionDay.withDefaultCommand(new String[] {"run", "--help"})).containsExactly("run", "--help");
        assertThat(execute(ElectionDay.withDefaultCommand(new String[] {"--ingest-port", "x"})).err())
                .contains("--ingest-port");
    }

    @Test
    void refusesAMissingRegistryFileInOneLine(@TempDir Path dir) {
        CommandRun o = execute("run", "--registry", dir.resolve("missing.csv").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("--registry").contains("no such file");
    }

    @Test
    void refusesABrokenRegistryNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.csv");
        Files.writeString(file, "unit_id,parent_id,level,name,registered\nVN,,nation,V,\nA,NOPE,polling_area,A,5\n");
        CommandRun o = execute("run", "--registry", file.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("line 3: unit A names unknown parent NOPE");
    }

    @Test
    void refusesBadPortsUnknownOptionsAndANonLoopbackBind() {
        assertThat(execute("run", "--dashboard-port", "70000").err()).contains("--dashboard-port must be 0..65535");
        assertThat(execute("run", "--dashboard-port", "9000", "--ingest-port", "9000").err()).contains("both 9000");
        assertThat(execute("run", "--ingest-port", "eighty").exitCode()).isEqualTo(2);
        assertThat(execute("run", "--colour").err()).contains("Unknown option");
        assertThat(execute("run", "--bind", "0.0.0.0").err()).contains("not a loopback address");
        assertThat(execute("frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void refusesABadTokenUsersFileOrTokenStoreBeforeStartingAnything(@TempDir Path dir) throws Exception {
        // Each of these used to start Kafka and Flink first (or to start with no usable token at all).
        long t0 = System.nanoTime();
        CommandRun shortToken = execute("run", "--ingest-token", "short");
        assertThat(shortToken.exitCode()).isEqualTo(2);
        assertThat(shortToken.err()).contains("--ingest-token: expected at least 16 visible ASCII characters")
                .contains("election-day token create").doesNotContain("IngestTokens");

        Path users = dir.resolve("users");
        String hash = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, "mật khẩu".toCharArray());
        Files.writeString(users, "name,password_hash,unit,role\nnam," + hash + ",NOWHERE,ops\n");
        CommandRun badUsers = execute("run", "--users", users.toString());
        assertThat(badUsers.exitCode()).isEqualTo(2);
        assertThat(badUsers.err()).contains("--users " + users).contains("NOWHERE");

        CommandRun typo = execute("run", "--token-store", dir.resolve("tokns").toString());
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("--token-store").contains("no such file").contains("election-day token create");
        Path targets = Files.writeString(dir.resolve("targets.csv"), "unit_id,target_pct\nVN-22,101\n");
        CommandRun badTarget = execute("run", "--targets", targets.toString());
        assertThat(badTarget.exitCode()).isEqualTo(2);
        assertThat(badTarget.err()).contains("--targets: targets file " + targets + ", line 2: target_pct must be a percentage");
        // Refused in the time it takes to read the options, not after a broker and a cluster started.
        assertThat(shortToken.out() + badUsers.out() + typo.out() + badTarget.out()).doesNotContain("Starting");
        System.out.printf("three refusals in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void refusesBadWebhookSettingsInOneLine() {
        CommandRun o = execute("run", "--webhook-url", "ftp://hooks.example/");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("--webhook-url must be an http:// or https:// URL");
        assertThat(execute("run", "--webhook-url", "http://127.0.0.1:9/", "--webhook-secret", "whsec_!!").err())
                .contains("--webhook-secret:");
    }
}
