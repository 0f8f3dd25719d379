package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.registry.Registry;

/** The service's environment: defaults, every setting read, and a refusal naming the variable for each bad one. */
class AlertDeliveryEnvTest {

    private static final Registry REGISTRY = DeliveryFixtures.registry(3);
    private static final String TOKEN = "m".repeat(32);

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092");
        env.put("DELIVERY_WEBHOOK_URLS", "https://hooks.example/alerts");
        env.put("DELIVERY_WEBHOOK_SECRET", DeliveryFixtures.SECRET);
        return env;
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = minimal();
        env.put(name, value);
        return env;
    }

    @Test
    void takesTheDefaultsOfDeliveryConfigWhenOnlyTheRequiredVariablesAreSet() {
        DeliveryConfig c = DeliveryConfig.fromEnv(minimal(), REGISTRY);
        DeliveryConfig d = DeliveryConfig.defaults("kafka-1:9092", REGISTRY, URI.create("https://hooks.example/alerts"),
                DeliveryFixtures.SECRET);
        assertThat(c).isEqualTo(d);
        assertThat(c.groupId()).isEqualTo("dashboard-webhooks");
        assertThat(c.toString()).doesNotContain(DeliveryFixtures.SECRET).contains("secret=(hidden)");
        assertThat(OpsConfig.fromEnv(minimal())).isEqualTo(OpsConfig.defaults());
        assertThat(OpsConfig.defaults().host()).isEqualTo("127.0.0.1");
        assertThat(OpsConfig.defaults().port()).isEqualTo(8083);
    }

    @Test
    void readsEverySetting(@TempDir Path dir) throws Exception {
        Path silences = Files.writeString(dir.resolve("silences.json"), "[]");
        Map<String, String> env = minimal();
        env.put("DELIVERY_WEBHOOK_URLS", " http://a.example/1 , https://b.example/2 ");
        env.put("TOPIC_PREFIX", "test.");
        env.put("DELIVERY_GROUP_ID", "delivery-b");
        env.put("DELIVERY_GROUP_DEPTH", "2");
        env.put("DELIVERY_GROUP_WAIT_SECONDS", "0");
        env.put("DELIVERY_GROUP_INTERVAL_SECONDS", "60");
        env.put("DELIVERY_REPEAT_INTERVAL_SECONDS", "3600");
        env.put("DELIVERY_BACKOFF_INITIAL_MS", "250");
        env.put("DELIVERY_BACKOFF_MAX_SECONDS", "30");
        env.put("DELIVERY_WEBHOOK_TIMEOUT_SECONDS", "5");
        env.put("DELIVERY_SILENCES_FILE", silences.toString());
        DeliveryConfig c = DeliveryConfig.fromEnv(env, REGISTRY);
        assertThat(c.receivers()).containsExactly(URI.create("http://a.example/1"), URI.create("https://b.example/2"));
        assertThat(c.topicPrefix()).isEqualTo("test.");
        assertThat(c.groupId()).isEqualTo("delivery-b");
        assertThat(c.groupDepth()).isEqualTo(2);
        assertThat(c.groupWait()).isZero();
        assertThat(c.groupInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(c.backoffInitial()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.silencesFile()).isEqualTo(silences);
        // Every variable read is one the service declares (the deployment tests check compose and Kubernetes against it).
        assertThat(AlertDeliveryMain.envNames()).containsAll(env.keySet()).contains("REGISTRY_FILE", "DELIVERY_HOST",
                "DELIVERY_PORT", "DELIVERY_METRICS_TOKEN", "DELIVERY_PUBLIC_HOSTS");
    }

    @Test
    void noTwoSettingsShareAVariable() {
        java.util.List<String> all = new java.util.ArrayList<>(DeliveryConfig.ENV.values());
        all.addAll(OpsConfig.ENV.values());
        all.addAll(vn.election.edge.EdgeConfig.envNames(AlertDeliveryMain.EDGE_PREFIX));
        // The delivery's own KAFKA_/TOPIC_ variables are shared with the other services on purpose, not within this one.
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void refusesMissingRequiredSettingsNamingTheVariable() {
        Map<String, String> noUrl = minimal();
        noUrl.remove("DELIVERY_WEBHOOK_URLS");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(noUrl, REGISTRY)).hasMessageContaining("DELIVERY_WEBHOOK_URLS");
        Map<String, String> noSecret = minimal();
        noSecret.remove("DELIVERY_WEBHOOK_SECRET");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(noSecret, REGISTRY)).hasMessageContaining("DELIVERY_WEBHOOK_SECRET");
        Map<String, String> noKafka = minimal();
        noKafka.remove("KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(noKafka, REGISTRY)).hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> AlertDeliveryMain.start(minimal())).hasMessageContaining("REGISTRY_FILE");
    }

    @Test
    void refusesBadValuesNamingTheVariableAndNeverEchoingASecret() {
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(with("DELIVERY_WEBHOOK_URLS", "ftp://x.example/"), REGISTRY))
                .hasMessageContaining("DELIVERY_WEBHOOK_URLS").hasMessageContaining("http://");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(with("DELIVERY_WEBHOOK_URLS", "http://a b/"), REGISTRY))
                .hasMessageContaining("DELIVERY_WEBHOOK_URLS");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(with("DELIVERY_WEBHOOK_SECRET", "whsec_!!not-base64"), REGISTRY))
                .hasMessageContaining("DELIVERY_WEBHOOK_SECRET").hasMessageNotContaining("not-base64");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(with("DELIVERY_GROUP_WAIT_SECONDS", "half a minute"), REGISTRY))
                .hasMessageContaining("DELIVERY_GROUP_WAIT_SECONDS");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(with("DELIVERY_GROUP_DEPTH", "7"), REGISTRY))
                .hasMessageContaining("DELIVERY_GROUP_DEPTH");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(with("DELIVERY_WEBHOOK_TIMEOUT_SECONDS", "0"), REGISTRY))
                .hasMessageContaining("DELIVERY_WEBHOOK_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> DeliveryConfig.fromEnv(with("TOPIC_PREFIX", "a/b"), REGISTRY))
                .hasMessageContaining("TOPIC_PREFIX");
        assertThatThrownBy(() -> OpsConfig.fromEnv(with("DELIVERY_PORT", "eighty"))).hasMessageContaining("DELIVERY_PORT");
        assertThatThrownBy(() -> OpsConfig.fromEnv(with("DELIVERY_METRICS_TOKEN", "short-token")))
                .hasMessageContaining("DELIVERY_METRICS_TOKEN").hasMessageNotContaining("short-token");
    }

    @Test
    void beyondLoopbackMetricsNeedATokenAndTheSilencesFileMustRead(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> OpsConfig.fromEnv(with("DELIVERY_HOST", "0.0.0.0")))
                .hasMessageContaining("DELIVERY_METRICS_TOKEN").hasMessageContaining("beyond loopback");
        Map<String, String> exposed = with("DELIVERY_HOST", "0.0.0.0");
        exposed.put("DELIVERY_METRICS_TOKEN", TOKEN);
        assertThat(OpsConfig.fromEnv(exposed).loopback()).isFalse();
        assertThat(OpsConfig.fromEnv(exposed).toString()).doesNotContain(TOKEN);

        Path broken = Files.writeString(dir.resolve("silences.json"), "{\"not\": \"an array\"}");
        Map<String, String> env = with("DELIVERY_SILENCES_FILE", broken.toString());
        env.put("REGISTRY_FILE", "demo");
        assertThatThrownBy(() -> AlertDeliveryMain.start(env)).hasMessageStartingWith("DELIVERY_SILENCES_FILE: ")
                .hasMessageContaining("expected a JSON array");
    }

    @Test
    void aBrokenRoutesFileRefusesTheStartNamingItsVariable(@TempDir Path dir) throws Exception {
        Path routes = Files.writeString(dir.resolve("routes.json"), "[{\"receiver\": \"http://127.0.0.1:9/\", \"unit_id\": \"VN-99\"}]");
        Map<String, String> env = with("DELIVERY_ROUTES_FILE", routes.toString());
        env.put("REGISTRY_FILE", "demo");
        assertThatThrownBy(() -> AlertDeliveryMain.start(env))
                .hasMessageContaining("routesFile (env DELIVERY_ROUTES_FILE)")
                .hasMessageContaining("entry 0: unit_id VN-99 is not in the registry");
    }
}
