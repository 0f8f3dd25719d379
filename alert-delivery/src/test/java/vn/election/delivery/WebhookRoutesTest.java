package vn.election.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.election.delivery.DeliveryFixtures.area;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Registry;

class WebhookRoutesTest {

    private static final Registry REGISTRY = DeliveryFixtures.registry(5);
    private static final URI NATIONAL = URI.create("http://national.example/hook");
    private static final URI PROVINCE_1 = URI.create("http://x1.example/hook");
    private static final URI CRITICAL = URI.create("http://pager.example/hook");

    @TempDir
    Path dir;

    private WebhookRoutes routes(String json) throws Exception {
        return WebhookRoutes.of(List.of(NATIONAL), Files.writeString(dir.resolve("routes.json"), json), REGISTRY);
    }

    @Test
    void eachReceiverIsSentItsShareOfAGroupUnderItsOwnId() throws Exception {
        WebhookRoutes routes = routes("""
                [{"receiver": "http://x1.example/hook", "unit_id": "X-1"},
                 {"receiver": "http://pager.example/hook", "severity": ["critical"], "comment": "on-call phone"}]""");
        Alert warning = DeliveryFixtures.silent(area(1, 1));
        Alert urgent = DeliveryFixtures.critical(DeliveryFixtures.silent(area(1, 2)));
        GroupNotification group = GroupNotification.of(new GroupKey("SILENT_STATION", Alert.State.FIRING, "X-1"),
                List.of(warning, urgent), 0, REGISTRY, 5L);

        Map<URI, GroupNotification> sent = routes.split(group, REGISTRY);

        assertThat(sent.keySet()).containsExactly(NATIONAL, PROVINCE_1, CRITICAL);
        assertThat(sent.get(NATIONAL)).isSameAs(group);
        assertThat(sent.get(PROVINCE_1)).isSameAs(group);
        GroupNotification pager = sent.get(CRITICAL);
        assertThat(pager.alertIds()).containsExactly(urgent.alertId());
        assertThat(pager.webhookId()).isNotEqualTo(group.webhookId()).startsWith("msg_");
        assertThat(pager.key()).isEqualTo(group.key());
        assertThat(pager.oldestRecordMillis()).isEqualTo(5L);
        assertThat(new String(pager.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"count\":1");
    }

    @Test
    void aGroupNoRouteWantsGoesNowhere() throws Exception {
        WebhookRoutes routes = WebhookRoutes.of(List.of(), Files.writeString(dir.resolve("r.json"),
                "[{\"receiver\": \"http://x1.example/hook\", \"unit_id\": [\"X-1\"], \"kind\": \"SURGE\"}]"), REGISTRY);
        Alert otherProvince = DeliveryFixtures.firing("SURGE", area(2, 1));
        Alert otherKind = DeliveryFixtures.silent(area(1, 1));

        assertThat(routes.split(GroupNotification.of(new GroupKey("SURGE", Alert.State.FIRING, "X-2"),
                List.of(otherProvince), 0, REGISTRY, -1), REGISTRY)).isEmpty();
        assertThat(routes.split(GroupNotification.of(new GroupKey("SILENT_STATION", Alert.State.FIRING, "X-1"),
                List.of(otherKind), 0, REGISTRY, -1), REGISTRY)).isEmpty();
        assertThat(routes.receivers()).containsExactly(PROVINCE_1);
    }

    @Test
    void aBadRoutesFileIsRefusedNamingTheEntryAndTheField() {
        assertThatThrownBy(() -> routes("{}")).hasMessageContaining("expected a JSON array of at least one route");
        assertThatThrownBy(() -> routes("[]")).hasMessageContaining("expected a JSON array of at least one route");
        assertThatThrownBy(() -> routes("[{\"receiver\": \"ftp://x\"}]"))
                .hasMessageContaining("entry 0: receiver must be an http:// or https:// URL");
        assertThatThrownBy(() -> routes("[{\"receiver\": \"http://a/h\"}, {\"receiver\": \"http://a/h\", \"unit_id\": \"VN-99\"}]"))
                .hasMessageContaining("entry 1: unit_id VN-99 is not in the registry");
        assertThatThrownBy(() -> routes("[{\"receiver\": \"http://a/h\", \"severity\": \"urgent\"}]"))
                .hasMessageContaining("entry 0: severity urgent is not one of [critical, info, warning]");
        assertThatThrownBy(() -> routes("[{\"receiver\": \"http://a/h\", \"kind\": [\"SILENT\"]}]"))
                .hasMessageContaining("entry 0: kind SILENT is not an alert kind");
        assertThatThrownBy(() -> routes("[{\"receiver\": \"http://a/h\", \"province\": \"X-1\"}]"))
                .hasMessageContaining("entry 0: unknown field province");
        assertThatThrownBy(() -> routes("[{\"receiver\": \"http://a/h\", \"unit_id\": 7}]"))
                .hasMessageContaining("entry 0: unit_id must be a non-empty string or list of strings");
        assertThatThrownBy(() -> routes("[{\"receiver\": \"http://a/h\""))
                .hasMessageContaining("routes file");
    }

    @Test
    void withoutAReceiverOrARoutesFileThereIsNothingToDeliverTo() {
        assertThatThrownBy(() -> DeliveryConfig.defaults("localhost:9092", REGISTRY, NATIONAL, DeliveryFixtures.SECRET)
                .withReceivers(List.of()))
                .hasMessageContaining("receivers (env DELIVERY_WEBHOOK_URLS) must be at least one http:// or https:// URL"
                        + " (or a routes file (env DELIVERY_ROUTES_FILE))");
    }
}
