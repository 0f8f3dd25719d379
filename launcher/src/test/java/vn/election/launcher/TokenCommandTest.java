package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.ingest.IngestTokens;
import vn.election.ingest.TokenStore;

class TokenCommandTest {

    private static final Pattern TOKEN = Pattern.compile("edt_[A-Za-z0-9_-]{43}");

    @TempDir
    Path dir;

    @Test
    void answersHelp() {
        CommandRun token = CommandRun.of("token", "--help");
        CommandRun create = CommandRun.of("token", "create", "--help");

        assertThat(token.exitCode()).isZero();
        assertThat(token.out()).contains("create", "list", "revoke");
        assertThat(create.exitCode()).isZero();
        assertThat(create.out()).contains("--unit", "--store", "--registry", "--label", "--rate", "--data-dir");
        assertThat(CommandRun.of("token", "revoke", "--help").out()).contains("ID");
    }

    @Test
    void createPrintsATokenOnceAndStoresOnlyItsHash() throws Exception {
        Path store = dir.resolve("tokens");

        CommandRun o = CommandRun.of("token", "create", "--unit", "VN-22", "--store", store.toString(), "--label",
                "Quảng Ninh", "--rate", "20");

        assertThat(o.exitCode()).as(o.err()).isZero();
        Matcher m = TOKEN.matcher(o.out());
        assertThat(m.find()).isTrue();
        String token = m.group();
        assertThat(m.find()).as("the token is printed once").isFalse();
        assertThat(o.out()).contains("VN-22", "20 readings/s", "--token-store " + store);
        String onDisk = Files.readString(store);
        assertThat(onDisk).doesNotContain(token).contains(IngestTokens.hash(token)).contains("\"rate\":20");
        CommandRun list = CommandRun.of("token", "list", "--store", store.toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("VN-22", "active", "Quảng Ninh").doesNotContain(token)
                .doesNotContain(IngestTokens.hash(token));
    }

    @Test
    void usesTheDataDirectoryForTheStore() {
        CommandRun o = CommandRun.of("token", "create", "--unit", "VN", "--data-dir", dir.toString());

        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(TokenStore.read(dir.resolve("tokens"))).hasSize(1);
    }

    @Test
    void refusesAnUnknownUnitInOneLine() {
        CommandRun o = CommandRun.of("token", "create", "--unit", "VN-99", "--store", dir.resolve("tokens").toString());

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").contains("--unit VN-99: no such unit in the registry");
        assertThat(dir.resolve("tokens")).doesNotExist();
        assertThat(CommandRun.of("token", "create", "--unit", "VN", "--rate", "0", "--store",
                dir.resolve("tokens").toString()).err()).contains("--rate must be at least 1");
        assertThat(CommandRun.of("token", "create").err()).contains("--unit");
        assertThat(CommandRun.of("token").exitCode()).isEqualTo(2);
    }

    @Test
    void revokesATokenById() {
        Path store = dir.resolve("tokens");
        CommandRun.of("token", "create", "--unit", "VN-22", "--store", store.toString());
        String id = TokenStore.read(store).get(0).id();

        CommandRun o = CommandRun.of("token", "revoke", id, "--store", store.toString());

        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out()).contains("Token " + id + " (unit VN-22) is revoked");
        assertThat(TokenStore.read(store).get(0).active()).isFalse();
        assertThat(CommandRun.of("token", "list", "--store", store.toString()).out()).contains("revoked");
        CommandRun unknown = CommandRun.of("token", "revoke", "t_nope", "--store", store.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no token t_nope in " + store);
    }
}
