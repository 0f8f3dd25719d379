package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.election.delivery.DeliveryFixtures.area;
import static vn.election.delivery.DeliveryFixtures.silent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.registry.Registry;

class SilencesTest {

    private static final Registry REGISTRY = DeliveryFixtures.registry(3);
    private static final Instant START = Instant.parse("2026-03-15T00:00:00Z");
    private static final Instant END = Instant.parse("2026-03-15T02:00:00Z");

    @Test
    void aUnitSilenceMutesItsSubtreeOnlyWhileItLasts() {
        Silence s = new Silence("s1", "X-1", null, null, START, END, "maintenance");
        Instant during = START.plusSeconds(60);
        assertThat(s.mutes(silent(area(1, 2)), REGISTRY, during)).isTrue();
        assertThat(s.mutes(silent("X-1"), REGISTRY, during)).isTrue();
        assertThat(s.mutes(silent(area(2, 2)), REGISTRY, during)).isFalse();
        assertThat(s.mutes(silent(area(1, 2)), REGISTRY, START.minusSeconds(1))).as("not started").isFalse();
        assertThat(s.mutes(silent(area(1, 2)), REGISTRY, END)).as("expired").isFalse();
    }

    @Test
    void levelAndKindMatchersMustAllMatch() {
        Silence s = new Silence("s2", null, "polling_area", "SILENT_STATION", null, END, null);
        assertThat(s.mutes(silent(area(2, 1)), REGISTRY, START)).isTrue();
        assertThat(s.mutes(DeliveryFixtures.firing("SURGE", area(2, 1)), REGISTRY, START)).isFalse();
        assertThat(s.mutes(DeliveryFixtures.firing("SILENT_STATION", "X-2"), REGISTRY, START)).isFalse();
    }

    @Test
    void loadsAFileAndRefusesBadEntriesNamingThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("silences.json");
        Files.writeString(file, """
                [{"id": "m1", "unit_id": "X-1", "ends_at": "2026-03-15T09:00:00+07:00", "comment": "road closed"},
                 {"kind": "SURGE", "starts_at": "2026-03-15T07:00:00+07:00", "ends_at": "2026-03-15T08:00:00+07:00"}]
                """);
        Silences silences = Silences.load(file, REGISTRY);
        assertThat(silences.all()).hasSize(2);
        assertThat(silences.muting(silent(area(1, 1)), REGISTRY, START).map(Silence::id)).contains("m1");
        assertThat(silences.muting(silent(area(1, 1)), REGISTRY, END)).as("expired").isEmpty();

        Files.writeString(file, "[{\"id\": \"x\", \"ends_at\": \"2026-03-15T09:00:00+07:00\"}]");
        assertThatThrownBy(() -> Silences.load(file, REGISTRY)).hasMessageContaining("entry 0").hasMessageContaining("no matcher");
        Files.writeString(file, "[{\"unit_id\": \"NOPE\", \"ends_at\": \"2026-03-15T09:00:00+07:00\"}]");
        assertThatThrownBy(() -> Silences.load(file, REGISTRY)).hasMessageContaining("unit_id NOPE is not in the registry");
        Files.writeString(file, "[{\"kind\": \"SURGE\", \"ends_at\": \"tomorrow\"}]");
        assertThatThrownBy(() -> Silences.load(file, REGISTRY)).hasMessageContaining("ends_at must be ISO-8601");
        Files.writeString(file, "[{\"kind\": \"SURGE\"}]");
        assertThatThrownBy(() -> Silences.load(file, REGISTRY)).hasMessageContaining("no ends_at");
        Files.writeString(file, "{}");
        assertThatThrownBy(() -> Silences.load(file, REGISTRY)).hasMessageContaining("JSON array");
    }
}
