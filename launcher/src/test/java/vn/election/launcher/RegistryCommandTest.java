package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

class RegistryCommandTest {


    private static CommandRun execute(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void generatesA2026RegistryThatLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("vn-2026.csv");
        CommandRun o = execute("registry", "generate", "--shape", "2026", "--out", file.toString(), "--seed", "7");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out().strip()).doesNotContain("\n")
                .contains("34 province", "3,321 commune", "polling_area", "78,500,000 voters", " s");

        Registry r = RegistryLoader.load(file);
        assertThat(r.levels()).containsExactly("nation", "province", "commune", "polling_area");
        assertThat(r.descendantsAt("VN", 1)).isEqualTo(34);
        assertThat(r.descendantsAt("VN", 2)).isEqualTo(3_321);
        // Nothing but the registry is left in the directory: the temporary file was moved into place.
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }

        // The same seed writes the same bytes, over an existing file.
        byte[] first = Files.readAllBytes(file);
        assertThat(execute("registry", "generate", "--shape", "2026", "--out", file.toString(), "--seed", "7").exitCode()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(first);
    }

    @Test
    void refusesAnUnknownShapeInOneLineListingTheValidOnes(@TempDir Path dir) {
        CommandRun o = execute("registry", "generate", "--shape", "2016", "--out", dir.resolve("x.csv").toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("--shape", "2016", "2021, 2026");
        assertThat(dir.resolve("x.csv")).doesNotExist();
    }

    @Test
    void refusesAMissingOrUnusableOut(@TempDir Path dir) {
        CommandRun missing = execute("registry", "generate", "--shape", "2021");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("--out");

        CommandRun noDir = execute("registry", "generate", "--shape", "2021", "--out", dir.resolve("nope/x.csv").toString());
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err().strip()).doesNotContain("\n").contains("does not exist");

        CommandRun isDir = execute("registry", "generate", "--shape", "2021", "--out", dir.toString());
        assertThat(isDir.exitCode()).isEqualTo(2);
        assertThat(isDir.err().strip()).doesNotContain("\n").contains("is a directory");

        assertThat(execute("registry", "generate", "--shape", "2021", "--out", dir.resolve("x.csv").toString(),
                "--seed", "many").exitCode()).isEqualTo(2);
    }

    @Test
    void answersHelpAndPrintsUsageWithoutASubcommand() {
        CommandRun parent = execute("registry");
        assertThat(parent.exitCode()).isZero();
        assertThat(parent.out()).contains("generate");
        CommandRun help = execute("registry", "generate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--shape", "--out", "--seed", "2021|2026");
    }
}
