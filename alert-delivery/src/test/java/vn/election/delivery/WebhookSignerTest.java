package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    // The Standard Webhooks test vector, as in the reference libraries' tests
    // (standard-webhooks/standard-webhooks, libraries/java/.../WebhookTest.java, verifyWebhookSignWorks).
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant NOW = Instant.ofEpochSecond(TS + 10);

    private final WebhookVerifier verifier = new WebhookVerifier(DeliveryFixtures.SECRET);

    @Test
    void signsTheStandardWebhooksTestVector() {
        assertThat(WebhookSigner.fromSecret(DeliveryFixtures.SECRET).sign(ID, TS, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void verifiesTheTestVectorAlsoAmongSeveralSignatures() {
        assertThatCode(() -> verifier.verify(ID, Long.toString(TS), EXPECTED, BODY, NOW)).doesNotThrowAnyException();
        String several = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc " + EXPECTED + " v1,notbase64!";
        assertThatCode(() -> verifier.verify(ID, Long.toString(TS), several, BODY, NOW)).doesNotThrowAnyException();
    }

    @Test
    void refusesATamperedBodyIdOrTimestamp() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TS), EXPECTED, tampered, NOW))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("no valid v1 signature");
        assertThatThrownBy(() -> verifier.verify(ID + "x", Long.toString(TS), EXPECTED, BODY, NOW))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TS + 1), EXPECTED, BODY, NOW))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        String other = WebhookSigner.fromSecret("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]))
                .sign(ID, TS, BODY);
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TS), other, BODY, NOW))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void refusesATimestampOutsideFiveMinutesEitherWay() {
        String sig = WebhookSigner.fromSecret(DeliveryFixtures.SECRET).sign(ID, TS, BODY);
        assertThatCode(() -> verifier.verify(ID, Long.toString(TS), sig, BODY, Instant.ofEpochSecond(TS + 300)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TS), sig, BODY, Instant.ofEpochSecond(TS + 301)))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("301 s away");
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TS), sig, BODY, Instant.ofEpochSecond(TS - 301)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(ID, "yesterday", sig, BODY, NOW))
                .hasMessageContaining("not unix seconds");
    }

    @Test
    void refusesMissingHeaders() {
        assertThatThrownBy(() -> verifier.verify(null, Long.toString(TS), EXPECTED, BODY, NOW)).hasMessageContaining("webhook-id");
        assertThatThrownBy(() -> verifier.verify(ID, null, EXPECTED, BODY, NOW)).hasMessageContaining("webhook-timestamp");
        assertThatThrownBy(() -> verifier.verify(ID, Long.toString(TS), null, BODY, NOW)).hasMessageContaining("webhook-signature");
    }

    @Test
    void acceptsARawSecretAsItsUtf8BytesAndRefusesBrokenOnes() throws Exception {
        String raw = "correct horse battery staple";
        String sig = WebhookSigner.fromSecret(raw).sign(ID, TS, BODY);
        new WebhookVerifier(raw).verify(ID, Long.toString(TS), sig, BODY, NOW);
        String asWhsec = "whsec_" + java.util.Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSigner.fromSecret(asWhsec).sign(ID, TS, BODY)).isEqualTo(sig);
        assertThatThrownBy(() -> WebhookSigner.fromSecret("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> WebhookSigner.fromSecret("whsec_")).hasMessageContaining("nothing after");
        assertThatThrownBy(() -> WebhookSigner.fromSecret("whsec_@@@")).hasMessageContaining("base64");
    }
}
