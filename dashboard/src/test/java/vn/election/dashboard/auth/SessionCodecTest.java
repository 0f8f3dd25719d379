package vn.election.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionCodecTest {

    private static final Instant NOW = Instant.parse("2021-05-23T01:00:00Z");
    private final SessionCodec codec = new SessionCodec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private final Session session = new Session("qn-ops", "VN-22", "provincial centre", NOW, NOW.plus(Duration.ofHours(12)));

    @Test
    void readsBackWhatItSigned() {
        assertThat(codec.decode(codec.encode(session), NOW.plusSeconds(60))).contains(session);
    }

    @Test
    void refusesAnExpiredSession() {
        String value = codec.encode(session);
        assertThat(codec.decode(value, NOW.plus(Duration.ofHours(12)))).isEmpty();
        assertThat(codec.decode(value, NOW.plus(Duration.ofHours(12)).minusSeconds(1))).isPresent();
    }

    @Test
    void refusesATamperedPayloadOrSignature() {
        String value = codec.encode(session);
        String payload = value.substring(0, value.indexOf('.'));
        String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        String widened = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.replace("VN-22", "VN").getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decode(widened + value.substring(value.indexOf('.')), NOW)).isEmpty();

        char last = value.charAt(value.length() - 1);
        assertThat(codec.decode(value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A'), NOW)).isEmpty();
    }

    @Test
    void refusesASessionSignedWithAnotherKey() {
        SessionCodec other = new SessionCodec("another secret of at least 32 bytes!".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decode(other.encode(session), NOW)).isEmpty();
    }

    @Test
    void refusesGarbage() {
        assertThat(codec.decode(null, NOW)).isEmpty();
        assertThat(codec.decode("", NOW)).isEmpty();
        assertThat(codec.decode("abc", NOW)).isEmpty();
        assertThat(codec.decode("a.b.c", NOW)).isEmpty();
        assertThat(codec.decode("!!!.???", NOW)).isEmpty();
        assertThat(codec.decode("x".repeat(5000) + ".y", NOW)).isEmpty();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> new SessionCodec(new byte[16])).hasMessageContaining("32 bytes");
    }
}
