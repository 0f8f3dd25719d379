package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.alert.AlertRuleCodec;

class RulesCommandTest {

    @Test
    void printsTheBundledRulesAsAFileThatLoadsBack() {
        CommandRun o = CommandRun.of("rules", "defaults");

        assertThat(o.exitCode()).isZero();
        assertThat(AlertRuleCodec.decodeAll(o.out().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(AlertRuleCodec.bundledDefaults());
    }

    @Test
    void refusesABrokenRulesFileInOneLineNamingTheRuleAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, "[{\"rule_id\":\"x\",\"kind\":\"SURGE\",\"severity\":\"loud\"}]");

        CommandRun o = CommandRun.of("rules", "publish", file.toString(), "--kafka", "127.0.0.1:1");

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().lines().findFirst().orElseThrow())
                .contains("rule 1 (x): severity must be info, warning or critical, got 'loud'");
    }

    @Test
    void answersHelpAndNeedsKafkaToPublish(@TempDir Path dir) throws Exception {
        assertThat(CommandRun.of("rules", "--help").out()).contains("defaults", "publish", "delete");
        Path file = dir.resolve("rules.json");
        Files.writeString(file, "[]");
        CommandRun o = CommandRun.of("rules", "publish", file.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("--kafka");
    }
}
