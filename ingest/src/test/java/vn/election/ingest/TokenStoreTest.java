package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-15T00:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void createsATokenAndKeepsOnlyItsHashOnDisk() throws Exception {
        TokenStore store = new TokenStore(dir.resolve("sub/tokens"), CLOCK);

        TokenStore.Created created = store.create("VN-22", "Ủy ban xã A", 5);

        assertThat(created.token()).startsWith(IngestTokens.PREFIX).hasSize(47);
        assertThat(created.toString()).doesNotContain(created.token());
        String onDisk = Files.readString(store.file());
        assertThat(onDisk).doesNotContain(created.token()).doesNotContain(created.token().substring(4, 20))
                .contains(IngestTokens.hash(created.token())).endsWith("\n");
        assertThat(onDisk.lines()).hasSize(1);
        assertThat(store.read()).containsExactly(created.record());
        assertThat(created.record()).satisfies(r -> {
            assertThat(r.id()).matches("t_[0-9a-f]{10}");
            assertThat(r.unit()).isEqualTo("VN-22");
            assertThat(r.label()).isEqualTo("Ủy ban xã A");
            assertThat(r.created()).isEqualTo(CLOCK.instant());
            assertThat(r.active()).isTrue();
            assertThat(r.rate()).isEqualTo(5);
        });
    }

    @Test
    void appendsTokensWithDistinctIdsAndRevokesOneByItsId() {
        TokenStore store = new TokenStore(dir.resolve("tokens"), CLOCK);
        TokenStore.Created a = store.create("VN-22", null, null);
        TokenStore.Created b = store.create("VN-01", "", 10);

        TokenRecord revoked = store.revoke(a.record().id()).orElseThrow();

        assertThat(revoked.revoked()).isEqualTo(CLOCK.instant());
        List<TokenRecord> records = store.read();
        assertThat(records).extracting(TokenRecord::id).containsExactly(a.record().id(), b.record().id());
        assertThat(records.get(0).active()).isFalse();
        assertThat(records.get(1).active()).isTrue();
        assertThat(store.revoke(a.record().id())).contains(revoked);
        assertThat(store.revoke("t_0000000000")).isEmpty();
        assertThat(dir.resolve("tokens.tmp")).doesNotExist();
    }

    @Test
    void aMissingFileIsAnEmptyStoreAndABrokenLineIsNamed() throws Exception {
        assertThat(TokenStore.read(dir.resolve("none"))).isEmpty();

        Path file = dir.resolve("broken");
        TokenStore store = new TokenStore(file, CLOCK);
        store.create("VN-22", null, null);
        Files.writeString(file, Files.readString(file) + "\n{\"id\":\"t_1\",\"hash\":\"abc\"}\n");

        assertThatThrownBy(store::read).isInstanceOf(TokenStore.TokenStoreException.class)
                .hasMessage(file + " line 3: hash must be 64 lower-case hex digits (SHA-256)");
        Files.writeString(file, "not json\n");
        assertThatThrownBy(store::read).hasMessage(file + " line 1: not a JSON object");
    }

    @Test
    void refusesAZeroRateAndALabelWithALineBreak() {
        TokenStore store = new TokenStore(dir.resolve("tokens"), CLOCK);

        assertThatThrownBy(() -> store.create("VN", null, 0)).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> store.create("VN", "a\nb", null)).hasMessageContaining("line breaks");
    }

    @Test
    void ingestTokensFollowTheStoreOnReload() throws Exception {
        Path file = dir.resolve("tokens");
        TokenStore store = new TokenStore(file, Clock.systemUTC());
        TokenStore.Created quangNinh = store.create("VN-22", null, 7);
        TokenStore.Created elsewhere = store.create("NO-SUCH-UNIT", null, null);
        IngestTokens tokens = new IngestTokens();
        String root = tokens.generate("VN");
        Vertx vertx = Vertx.vertx();
        try {
            TokenStoreReloader reloader = new TokenStoreReloader(vertx, file, tokens, IngestFixtures.REGISTRY, 100);
            reloader.start(java.time.Duration.ofHours(1)).await(10, TimeUnit.SECONDS);

            assertThat(tokens.grantOf(quangNinh.token())).hasValueSatisfying(g -> {
                assertThat(g.unitId()).isEqualTo("VN-22");
                assertThat(g.id()).isEqualTo(quangNinh.record().id());
                assertThat(g.ratePerSecond()).isEqualTo(7);
            });
            assertThat(tokens.grantOf(elsewhere.token())).as("a unit this registry lacks").isEmpty();
            assertThat(reloader.checkNow().await(10, TimeUnit.SECONDS)).as("unchanged file, not re-read").isFalse();

            store.revoke(quangNinh.record().id());
            TokenStore.Created commune = store.create(IngestFixtures.QN_COMMUNE, "xã", null);
            assertThat(reloader.checkNow().await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(tokens.grantOf(quangNinh.token())).as("revoked").isEmpty();
            assertThat(tokens.grantOf(commune.token())).hasValueSatisfying(g -> assertThat(g.ratePerSecond()).isEqualTo(100));
            assertThat(tokens.scopeOf(root)).as("a token registered in code stays").contains("VN");

            Files.writeString(file, "broken\n");
            assertThat(reloader.checkNow().await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tokens.grantOf(commune.token())).as("a broken file keeps the previous tokens").isPresent();

            Files.delete(file);
            assertThat(reloader.checkNow().await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(tokens.grantOf(commune.token())).as("no file, no stored tokens").isEmpty();
            reloader.stop();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBrokenStoreFailsTheStart() throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "{\"id\":\"t_1\"}\n");
        Vertx vertx = Vertx.vertx();
        try {
            TokenStoreReloader reloader = new TokenStoreReloader(vertx, file, new IngestTokens(), IngestFixtures.REGISTRY, 100);
            assertThatThrownBy(() -> reloader.start(java.time.Duration.ofSeconds(1)).await(10, TimeUnit.SECONDS))
                    .hasMessageContaining("line 1: hash is missing");
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
