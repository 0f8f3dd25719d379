package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestTokensTest {

    private final IngestTokens tokens = new IngestTokens();

    @Test
    void generatesUrlSafeRandomTokensWithThePrefix() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = IngestTokens.newToken();
            assertThat(token).startsWith("edt_").hasSize(4 + 43).matches("edt_[A-Za-z0-9_-]{43}");
            seen.add(token);
        }
        assertThat(seen).hasSize(100);
    }

    @Test
    void generatedTokenIsScopedToItsUnit() {
        String token = tokens.generate("VN-22");

        assertThat(tokens.scopeOf(token)).contains("VN-22");
        assertThat(tokens.scopeOf(token + "x")).isEmpty();
        assertThat(tokens.scopeOf(null)).isEmpty();
        assertThat(tokens.scopeOf("")).isEmpty();
    }

    @Test
    void registersATokenKnownOnlyByItsHash() {
        String token = IngestTokens.newToken();

        tokens.registerHash(IngestTokens.hash(token).toUpperCase(), "VN-01");

        assertThat(tokens.scopeOf(token)).contains("VN-01");
        assertThat(IngestTokens.hash(token)).hasSize(64).doesNotContain(token.substring(4));
    }

    @Test
    void revokedTokenIsUnknown() {
        String token = tokens.generate("VN");

        assertThat(tokens.revoke(token)).isTrue();
        assertThat(tokens.scopeOf(token)).isEmpty();
    }

    @Test
    void refusesShortOrUnprintableTokensAndMissingUnits() {
        assertThatThrownBy(() -> tokens.register("secret", "VN")).hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> tokens.register("a-long-enough-token with space", "VN"))
                .hasMessageContaining("visible ASCII");
        assertThatThrownBy(() -> tokens.register(IngestTokens.newToken(), " ")).hasMessageContaining("unit id");
        assertThatThrownBy(() -> tokens.registerHash("abc", "VN")).hasMessageContaining("64 hex digits");
    }
}
