package vn.election.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

class UsersFileTest {

    /** A real bcrypt hash (cost 4) of "correct horse battery". */
    static final String HASH = PasswordHasher.hash("correct horse battery", 4);
    private static final Registry REGISTRY = RegistryLoader.bundledDemo();

    @Test
    void readsJsonLinesWithCommentsAndBlankLines() {
        List<DashboardUser> users = UsersFile.parse("# logins\n\n"
                + "{\"name\":\"nation\",\"password_hash\":\"" + HASH + "\",\"unit\":\"VN\",\"role\":\"national\"}\n"
                + "{\"name\":\"qn-ops\",\"password_hash\":\"" + HASH + "\",\"unit\":\"VN-22\"}\n", "users");

        assertThat(users).extracting(DashboardUser::name, DashboardUser::unit, DashboardUser::role, DashboardUser::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nation", "VN", "national", 3),
                        org.assertj.core.groups.Tuple.tuple("qn-ops", "VN-22", null, 4));
    }

    @Test
    void readsCsvWithHeaderAndOptionalRole() {
        List<DashboardUser> users = UsersFile.parse("name,password_hash,unit,role\n"
                + "nation," + HASH + ",VN,\"national, all provinces\"\nqn-ops," + HASH + ",VN-22\n", "users");

        assertThat(users).extracting(DashboardUser::role).containsExactly("national, all provinces", null);
    }

    @Test
    void namesTheLineOfEachProblem() {
        String ok = "{\"name\":\"a\",\"password_hash\":\"" + HASH + "\",\"unit\":\"VN\"}\n";
        assertThatThrownBy(() -> UsersFile.parse(ok + "{\"name\":\"b\",", "users.jsonl"))
                .hasMessageStartingWith("users.jsonl line 2: not a JSON object");
        assertThatThrownBy(() -> UsersFile.parse(ok + "\n" + ok, "users.jsonl"))
                .hasMessage("users.jsonl line 3: user 'a' appears twice");
        assertThatThrownBy(() -> UsersFile.parse(ok.replace(HASH, "hunter2hunter2"), "users.jsonl"))
                .hasMessageContaining("line 1: password_hash of 'a' is not a bcrypt hash").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> UsersFile.parse(ok.replace("\"unit\":\"VN\"", "\"unit\":\"\""), "users.jsonl"))
                .hasMessageContaining("line 1: unit of 'a' is missing");
        assertThatThrownBy(() -> UsersFile.parse(ok.replace("\"a\"", "\"a b\""), "users.jsonl"))
                .hasMessageContaining("line 1: name must be");
        assertThatThrownBy(() -> UsersFile.parse("user,hash\n", "users.csv"))
                .hasMessageContaining("line 1: expected JSON lines or the CSV header");
        assertThatThrownBy(() -> UsersFile.parse("name,password_hash,unit\n\nx," + HASH + "\n", "users.csv"))
                .hasMessageContaining("line 3: expected 3 fields");
    }

    @Test
    void refusesAUnitNotInTheRegistryNamingTheLine() {
        List<DashboardUser> users = UsersFile.parse("\n{\"name\":\"a\",\"password_hash\":\"" + HASH + "\",\"unit\":\"VN-99\"}", "f");
        assertThatThrownBy(() -> Users.of(users, REGISTRY, "users file f"))
                .hasMessage("users file f line 2: unit 'VN-99' of 'a' is not in the registry");
    }

    @Test
    void appendsInTheFilesOwnFormatAndRefusesADuplicate(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("users.jsonl");
        UsersFile.append(jsonl, new DashboardUser("nation", HASH, "VN", "national", 0));
        UsersFile.append(jsonl, new DashboardUser("qn-ops", HASH, "VN-22", null, 0));
        assertThat(UsersFile.read(jsonl)).extracting(DashboardUser::name).containsExactly("nation", "qn-ops");
        assertThat(Files.readString(jsonl)).startsWith("{\"name\":\"nation\"");
        assertThatThrownBy(() -> UsersFile.append(jsonl, new DashboardUser("nation", HASH, "VN-01", null, 0)))
                .hasMessageContaining("already has a user 'nation'");

        Path csv = dir.resolve("users.csv");
        Files.writeString(csv, "name,password_hash,unit,role\n");
        UsersFile.append(csv, new DashboardUser("hn", HASH, "VN-01", "Hà Nội, trung tâm", 0));
        assertThat(Files.readString(csv)).contains("hn," + HASH + ",VN-01,\"Hà Nội, trung tâm\"");
        assertThat(UsersFile.read(csv).get(0).role()).isEqualTo("Hà Nội, trung tâm");
    }

    @Test
    void neverPrintsTheHash() {
        assertThat(new DashboardUser("a", HASH, "VN", null, 1).toString()).doesNotContain(HASH);
    }
}
