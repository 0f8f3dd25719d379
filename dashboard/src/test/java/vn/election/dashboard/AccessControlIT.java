package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;
import static vn.election.dashboard.WsTestClient.type;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import vn.election.dashboard.auth.Access;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.auth.Session;
import vn.election.dashboard.auth.SessionCodec;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.testing.SharedKafka;

/**
 * Acceptance of issue #7's dashboard access: with logins required, a provincial login (Quảng Ninh, VN-22)
 * cannot see another province through any channel (REST, acknowledgements, meta, the websocket, the page),
 * while a national login sees everything; no session, a tampered or an expired one gets 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlIT {

    private static final String SECRET = "a test secret that is at least 32 bytes long";
    private static final String PASSWORD = "correct horse battery";
    private static final String PROVINCE = "VN-22";
    private static final Registry REGISTRY = Fixtures.REGISTRY;
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private Vertx vertx;
    private WebClient http;
    private UnitsProducer producer;
    private DashboardServer server;
    private Path dir;
    private String national;
    private String provincial;
    private final String hanoiDistrict = REGISTRY.children("VN-01").get(0);
    private final String quangNinhDistrict = REGISTRY.children(PROVINCE).get(0);
    private final Alert hanoiAlert = Fixtures.firingAlert(REGISTRY.children(hanoiDistrict).get(0), "SILENT_STATION", "2021-05-23T09:00:00+07:00");
    private static final String METRICS_TOKEN = "prometheus-scrape-token-0123456789abcdef";
    private final Alert quangNinhAlert = Fixtures.firingAlert(REGISTRY.children(quangNinhDistrict).get(0), "SILENT_STATION", "2021-05-23T09:05:00+07:00");

    @BeforeAll
    void start() throws IOException {
        vertx = Vertx.vertx();
        http = WebClient.create(vertx);
        String prefix = SharedKafka.freshPrefix("AccessControlIT");
        producer = new UnitsProducer(prefix);
        producer.send(Fixtures.snapshot("VN", 1_000_000, 500_000, 1), Fixtures.snapshot("VN-01", 300_000, 100_000, 1),
                Fixtures.snapshot(PROVINCE, 200_000, 150_000, 1), Fixtures.snapshot(quangNinhDistrict, 50_000, 40_000, 1));
        producer.sendAlert(hanoiAlert, quangNinhAlert);
        dir = Files.createTempDirectory("access-it");
        Path users = TestUsers.write(dir, PASSWORD, 4);
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withAccess(new AccessConfig(users, SECRET, null, METRICS_TOKEN))));
        await().atMost(Fixtures.WAIT).until(() -> send(HttpMethod.GET, "/health", null, null).statusCode() == 200);
        await().atMost(Fixtures.WAIT).until(() -> server.state().alerts().size() == 2);
        national = login("nation");
        provincial = login("qn-ops");
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            await(server.close());
        }
        producer.close();
        await(vertx.close());
        TestUsers.delete(dir);
    }

    @Test
    void theMetricsTokenReadsMetricsAndNothingElse() {
        assertThat(sendBearer("/metrics", METRICS_TOKEN).statusCode()).isEqualTo(200);
        assertThat(sendBearer("/metrics", METRICS_TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(sendBearer("/metrics", "").statusCode()).isEqualTo(401);
        assertThat(sendBearer("/api/v1/units/VN", METRICS_TOKEN).statusCode()).isEqualTo(401);
        assertThat(sendBearer("/api/v1/meta", METRICS_TOKEN).statusCode()).isEqualTo(401);
    }

    private HttpResponse<Buffer> sendBearer(String path, String token) {
        return await(http.request(HttpMethod.GET, server.port(), "127.0.0.1", path)
                .putHeader("Authorization", "Bearer " + token).send());
    }

    @Test
    void withoutASessionEveryDataEndpointAndTheWebsocketAnswer401() {
        for (String path : dataPaths(PROVINCE)) {
            assertThat(send(HttpMethod.GET, path, null, null).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(send(HttpMethod.GET, "/metrics", null, null).statusCode()).isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/api/v1/me", null, null).statusCode()).isEqualTo(401);
        assertThat(send(HttpMethod.POST, "/api/v1/alerts/" + quangNinhAlert.alertId() + "/ack", null, null).statusCode())
                .isEqualTo(401);
        assertThatThrownBy(() -> WsTestClient.connect(vertx, server.port()))
                .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
        // The page's files and the health check hold no figures: public.
        assertThat(send(HttpMethod.GET, "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/", null, null).statusCode()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/login.html", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aProvincialLoginGets403ForEveryOtherUnitAndSeesItsOwnSubtree() {
        for (String unit : List.of("VN", "VN-01", hanoiDistrict, "VN-79")) {
            for (String path : unitPaths(unit)) {
                HttpResponse<Buffer> r = send(HttpMethod.GET, path, provincial, null);
                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(r.bodyAsString()).as(path).doesNotContain("Hà Nội", "Việt Nam");
            }
        }
        for (String unit : List.of(PROVINCE, quangNinhDistrict)) {
            for (String path : unitPaths(unit)) {
                assertThat(send(HttpMethod.GET, path, provincial, null).statusCode()).as(path).isEqualTo(200);
            }
        }
        assertThat(json(send(HttpMethod.GET, "/api/v1/units/" + PROVINCE + "/children", provincial, null)))
                .extracting(n -> n.get("unit_id").asText()).containsExactlyElementsOf(REGISTRY.children(PROVINCE));
    }

    @Test
    void aProvincialLoginSeesOnlyItsAlertsAndAcknowledgesOnlyThose() {
        JsonNode list = json(send(HttpMethod.GET, "/api/v1/alerts?state=all", provincial, null));
        assertThat(list).extracting(n -> n.get("unit_id").asText()).isNotEmpty()
                .allSatisfy(u -> assertThat(REGISTRY.isWithin(u, PROVINCE)).as(u).isTrue());
        assertThat(list).extracting(n -> n.get("alert_id").asText()).contains(quangNinhAlert.alertId())
                .doesNotContain(hanoiAlert.alertId());
        assertThat(send(HttpMethod.GET, "/api/v1/alerts?unit=VN-01", provincial, null).statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.GET, "/api/v1/alerts?unit=VN", provincial, null).statusCode()).isEqualTo(403);
        assertThat(json(send(HttpMethod.GET, "/api/v1/alerts?unit=" + PROVINCE, provincial, null))).isNotEmpty();

        String ackBody = "{\"note\":\"QN\"}";
        assertThat(send(HttpMethod.POST, "/api/v1/alerts/" + hanoiAlert.alertId() + "/ack", provincial, ackBody).statusCode())
                .isEqualTo(403);
        assertThat(send(HttpMethod.POST, "/api/v1/alerts/" + quangNinhAlert.alertId() + "/ack", provincial, ackBody).statusCode())
                .isEqualTo(202);
    }

    @Test
    void metaOfAProvincialLoginIsRootedAtItsProvince() {
        JsonNode meta = json(send(HttpMethod.GET, "/api/v1/meta", provincial, null));
        assertThat(meta.get("root").asText()).isEqualTo(PROVINCE);
        assertThat(meta.at("/tiles/layout").asText()).isEqualTo("grid");
        List<String> tiles = new ArrayList<>();
        meta.at("/tiles/positions").fieldNames().forEachRemaining(tiles::add);
        assertThat(tiles).containsExactlyInAnyOrderElementsOf(REGISTRY.children(PROVINCE));
        assertThat(meta.get("polling_areas").asLong()).isEqualTo(REGISTRY.descendantsAt(PROVINCE, REGISTRY.leafDepth()));

        JsonNode me = json(send(HttpMethod.GET, "/api/v1/me", provincial, null));
        assertThat(me.get("name").asText()).isEqualTo("qn-ops");
        assertThat(me.get("unit").asText()).isEqualTo(PROVINCE);
        assertThat(me.get("unit_name").asText()).isEqualTo("Quảng Ninh");
        // Metrics are for national viewers.
        assertThat(send(HttpMethod.GET, "/metrics", provincial, null).statusCode()).isEqualTo(403);
    }

    @Test
    void theNationalLoginSeesEverything() {
        for (String unit : List.of("VN", "VN-01", hanoiDistrict, PROVINCE)) {
            for (String path : unitPaths(unit)) {
                assertThat(send(HttpMethod.GET, path, national, null).statusCode()).as(path).isEqualTo(200);
            }
        }
        assertThat(json(send(HttpMethod.GET, "/api/v1/alerts?state=all", national, null)))
                .extracting(n -> n.get("alert_id").asText())
                .contains(hanoiAlert.alertId(), quangNinhAlert.alertId());
        assertThat(json(send(HttpMethod.GET, "/api/v1/meta", national, null)).get("root").asText()).isEqualTo("VN");
        assertThat(send(HttpMethod.GET, "/metrics", national, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theWebsocketOfAProvincialLoginCarriesOnlyItsProvince() {
        Alert laterHanoi = Fixtures.firingAlert(REGISTRY.children(hanoiDistrict).get(1), "TURNOUT_DROP", "2021-05-23T10:00:00+07:00");
        Alert laterQuangNinh = Fixtures.firingAlert(REGISTRY.children(quangNinhDistrict).get(1), "TURNOUT_DROP", "2021-05-23T10:01:00+07:00");
        try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), o -> o.addHeader("Cookie", provincial))) {
            JsonNode snapshot = ws.awaitFrame(type("snapshot"));
            assertThat(snapshot.at("/unit/unit_id").asText()).isEqualTo(PROVINCE);
            assertThat(snapshot.at("/root/unit_id").asText()).isEqualTo(PROVINCE);
            assertThat(snapshot.get("path")).extracting(n -> n.get("unit_id").asText()).containsExactly(PROVINCE);
            JsonNode full = ws.awaitFrame(f -> "alerts".equals(f.path("type").asText()) && f.path("full").asBoolean());
            assertThat(full.get("alerts")).extracting(n -> n.get("alert_id").asText()).contains(quangNinhAlert.alertId())
                    .doesNotContain(hanoiAlert.alertId());

            ws.send("{\"type\":\"subscribe\",\"unit\":\"VN-01\"}");
            assertThat(ws.awaitFrame(type("error")).get("message").asText()).contains("outside");
            ws.send("{\"type\":\"subscribe\",\"unit\":\"VN\"}");
            await().atMost(Fixtures.WAIT).until(() -> ws.frames().stream().filter(type("error")).count() == 2);

            producer.sendAlert(laterHanoi, laterQuangNinh);
            producer.send(Fixtures.snapshot("VN-01", 300_000, 200_000, 2), Fixtures.snapshot("VN", 1_000_000, 600_000, 2));
            ws.awaitFrame(f -> f.toString().contains(laterQuangNinh.alertId()));
            // The national figures changed too: give the push loop a few more ticks to (not) send them.
            await().pollDelay(Duration.ofSeconds(1)).atMost(Fixtures.WAIT).until(() -> true);
            // Error frames echo the client's own request; everything else must be about Quảng Ninh only.
            String everything = ws.frames().stream().filter(type("error").negate()).toList().toString();
            assertThat(everything).doesNotContain(laterHanoi.alertId(), hanoiAlert.alertId(), "\"VN-01", "Hà Nội",
                    "\"unit_id\":\"VN\"");

            ws.send("{\"type\":\"subscribe\",\"unit\":\"" + quangNinhDistrict + "\"}");
            ws.awaitFrame(f -> "snapshot".equals(f.path("type").asText())
                    && quangNinhDistrict.equals(f.at("/unit/unit_id").asText()));
        }
    }

    @Test
    void aTamperedExpiredOrForeignCookieIs401() {
        String value = provincial.substring(Access.COOKIE.length() + 1);
        String tampered = Access.COOKIE + "=" + (value.charAt(3) == 'a' ? value.replaceFirst("^(...).", "$1b")
                : value.replaceFirst("^(...).", "$1a"));
        assertThat(send(HttpMethod.GET, "/api/v1/units/" + PROVINCE, tampered, null).statusCode()).isEqualTo(401);

        SessionCodec codec = new SessionCodec(SECRET.getBytes(StandardCharsets.UTF_8));
        Instant past = Instant.now().minus(Duration.ofHours(13));
        String expired = Access.COOKIE + "=" + codec.encode(new Session("qn-ops", PROVINCE, null, past, past.plus(Duration.ofHours(12))));
        assertThat(send(HttpMethod.GET, "/api/v1/units/" + PROVINCE, expired, null).statusCode()).isEqualTo(401);

        Instant now = Instant.now();
        String widened = Access.COOKIE + "=" + codec.encode(new Session("qn-ops", "VN", null, now, now.plusSeconds(600)));
        assertThat(send(HttpMethod.GET, "/api/v1/units/VN", widened, null).statusCode())
                .as("a validly signed cookie whose unit is not the user's").isEqualTo(401);
        SessionCodec other = new SessionCodec("some other secret that is 32 bytes or more".getBytes(StandardCharsets.UTF_8));
        String foreign = Access.COOKIE + "=" + other.encode(new Session("nation", "VN", null, now, now.plusSeconds(600)));
        assertThat(send(HttpMethod.GET, "/api/v1/units/VN", foreign, null).statusCode()).isEqualTo(401);
        assertThatThrownBy(() -> WsTestClient.connect(vertx, server.port(), o -> o.addHeader("Cookie", expired)))
                .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    }

    @Test
    void loginSaysTheSameForAnUnknownNameAndAWrongPasswordAndSetsAStrictCookie() {
        HttpResponse<Buffer> wrong = loginResponse("qn-ops", "not the password", null);
        HttpResponse<Buffer> unknown = loginResponse("nobody-here", PASSWORD, null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.bodyAsString()).isEqualTo(unknown.bodyAsString()).doesNotContain(PASSWORD);
        assertThat(loginResponse("qn-ops", PASSWORD, "http://evil.example").statusCode()).isEqualTo(403);

        HttpResponse<Buffer> ok = loginResponse("qn-ops", PASSWORD, "http://127.0.0.1:" + server.port());
        assertThat(ok.statusCode()).isEqualTo(200);
        String setCookie = ok.cookies().get(0);
        assertThat(setCookie).startsWith(Access.COOKIE + "=").contains("SameSite=Strict", "Path=/", "Max-Age=43200")
                .containsIgnoringCase("; HttpOnly");
        assertThat(setCookie).doesNotContain("Secure");

        HttpResponse<Buffer> out = send(HttpMethod.POST, "/api/v1/logout", provincial, null);
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.cookies().get(0)).startsWith(Access.COOKIE + "=;").contains("Max-Age=0");
    }

    @Test
    void refusesToStartBeyondLoopbackWithoutAUsersFile() {
        assertThatThrownBy(() -> await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withHost("0.0.0.0").withPort(0))))
                .hasMessageContaining("beyond loopback").hasMessageContaining("users file");
    }

    @Test
    void repeatedFailuresForOneNameAreThrottled() {
        for (int i = 0; i < 5; i++) {
            assertThat(loginResponse("guess-me", "wrong password " + i, null).statusCode()).isEqualTo(401);
        }
        HttpResponse<Buffer> throttled = loginResponse("guess-me", "wrong password 6", null);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.getHeader("Retry-After")).isEqualTo("1");
    }

    /** The browser: signed in through login.html as Quảng Ninh, the page shows the province and no other. */
    @Test
    void aProvincialLoginThroughTheLoginPageSeesItsProvinceOnly() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("%s and %s are needed: apt-get install chromium chromium-driver; .ci/run does this", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        java.util.logging.Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1920,1080", "--disable-background-networking", "--disable-component-update", "--no-first-run");
        WebDriver driver = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
        try {
            String base = "http://127.0.0.1:" + server.port();
            driver.get(base + "/");
            // No session: the page sends the browser to the login page.
            await().atMost(Fixtures.WAIT).until(() -> driver.getCurrentUrl().contains("/login.html"));
            await().atMost(Fixtures.WAIT).until(() -> !driver.findElements(By.id("login-name")).isEmpty());
            Path shots = Paths.get("target", "screenshots");
            Files.createDirectories(shots);
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shots.resolve("login.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);

            driver.findElement(By.id("login-name")).sendKeys("qn-ops");
            driver.findElement(By.id("login-password")).sendKeys("wrong password");
            driver.findElement(By.id("login-submit")).click();
            await().atMost(Fixtures.WAIT).until(() -> !driver.findElement(By.id("login-error")).getText().isBlank());

            driver.findElement(By.id("login-password")).clear();
            driver.findElement(By.id("login-password")).sendKeys(PASSWORD);
            driver.findElement(By.id("login-submit")).click();
            await().atMost(Fixtures.WAIT).until(() -> !driver.getCurrentUrl().contains("/login.html"));
            await().atMost(Fixtures.WAIT).until(() -> driver.findElement(By.tagName("body")).getText().contains("Quảng Ninh"));
            await().atMost(Fixtures.WAIT).until(() -> driver.findElement(By.tagName("body")).getText().contains("qn-ops"));
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shots.resolve("login-province.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String page = driver.getPageSource();
            for (String other : List.of("VN-01", "VN-06", "VN-48", "VN-79", "VN-95")) {
                String name = REGISTRY.unit(other).name();
                assertThat(page).as("the page of a Quảng Ninh login").doesNotContain(name);
            }
        } finally {
            driver.quit();
        }
    }

    private List<String> unitPaths(String unit) {
        return List.of("/api/v1/units/" + unit, "/api/v1/units/" + unit + "/children", "/api/v1/units/" + unit + "/history",
                "/api/v1/units/" + unit + "/histogram", "/api/v1/units/" + unit + "/areas");
    }

    private List<String> dataPaths(String unit) {
        List<String> paths = new ArrayList<>(unitPaths(unit));
        paths.addAll(List.of("/api/v1/alerts", "/api/v1/meta", "/api/v1/nothing"));
        return paths;
    }

    private String login(String name) {
        return LoginClient.sessionCookie(http, server.port(), name, PASSWORD);
    }

    private HttpResponse<Buffer> loginResponse(String name, String password, String origin) {
        return await(LoginClient.login(http, server.port(), name, password, origin));
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String cookie, String body) {
        HttpRequest<Buffer> req = http.request(method, server.port(), "127.0.0.1", path);
        if (cookie != null) {
            req.putHeader("Cookie", cookie);
        }
        return await(body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)));
    }

    private static JsonNode json(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(r.bodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
