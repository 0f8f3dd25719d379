package vn.election.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TurnoutJobConfigTest {

    private static final Map<String, String> REQUIRED = Map.of("bootstrap-servers", "127.0.0.1:9092", "registry", "demo");

    private static TurnoutJobConfig withArgs(Map<String, String> more) {
        java.util.Map<String, String> args = new java.util.HashMap<>(REQUIRED);
        args.putAll(more);
        return TurnoutJobConfig.fromArgs(args);
    }

    @Test
    void readsDurationsInMillisecondsSecondsAndIso() {
        assertThat(withArgs(Map.of("emit-interval", "250ms")).emitInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(withArgs(Map.of("checkpoint-interval", "30s")).checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(withArgs(Map.of("out-of-orderness", "PT2M")).outOfOrderness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(withArgs(Map.of()).history().pollingAreas()).isFalse();
        assertThat(withArgs(Map.of("history-polling-areas", "true")).history().pollingAreas()).isTrue();
    }

    @Test
    void namesTheArgumentThatIsWrong() {
        assertThatThrownBy(() -> withArgs(Map.of("emit-interval", "soon")))
                .hasMessage("--emit-interval: expected a duration like 250ms, 10s or PT1M, got soon");
        assertThatThrownBy(() -> withArgs(Map.of("checkpoint-interval", "xms")))
                .hasMessageStartingWith("--checkpoint-interval: expected a duration");
        assertThatThrownBy(() -> withArgs(Map.of("history-polling-areas", "yes")))
                .hasMessage("--history-polling-areas: expected true or false, got yes");
        assertThatThrownBy(() -> TurnoutJobConfig.fromArgs(Map.of("registry", "demo")))
                .hasMessageContaining("--bootstrap-servers");
    }

    @Test
    void targetsComeFromAFileReadWhenTheJobIsBuilt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path good = java.nio.file.Files.writeString(dir.resolve("targets.csv"), "unit_id,target_pct\nVN-22,99\n");
        TurnoutJobConfig c = TurnoutJobConfig.fromArgs(Map.of("bootstrap-servers", "localhost:9092", "registry", "demo",
                "targets", good.toString()));
        assertThat(c.unitRules().targets().of("VN-22-001", c.registry().load())).isEqualByComparingTo("99");
        assertThat(c.unitRules().targets().of("VN-01", c.registry().load())).isEqualByComparingTo("99.5");

        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.csv"), "unit_id,target_pct\nVN-99,99\n");
        assertThatThrownBy(() -> TurnoutJobConfig.fromArgs(Map.of("bootstrap-servers", "localhost:9092", "registry", "demo",
                "targets", bad.toString()))).hasMessage("targets file " + bad + ", line 2: unit_id VN-99 is not in the registry");
    }
}
