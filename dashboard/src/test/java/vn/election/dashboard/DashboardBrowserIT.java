package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertCodec;
import vn.election.model.history.HistoryRecord;
import vn.election.model.json.Json;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.SharedKafka;

/**
 * Acceptance of the wall-screen page (issue #5): the real page in headless Chromium against a real dashboard
 * on the shared broker; figures must read exactly as the REST API gives them, in Vietnamese formats, live.
 * Screenshots land in target/screenshots/ for a human look.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final Duration LIVE = Duration.ofSeconds(30);

    /**
     * Waits for the page: an element the page has not drawn yet, or has just redrawn, is a reason to look
     * again, not a failure (Selenium throws for those instead of failing an assertion).
     */
    private static org.awaitility.core.ConditionFactory eventually() {
        return await().atMost(LIVE).ignoreExceptionsMatching(e -> e instanceof org.openqa.selenium.NoSuchElementException
                || e instanceof org.openqa.selenium.StaleElementReferenceException);
    }

    /** Markup in a unit name and an alert message: the page must show it as text, never run it. */
    private static final String MARKUP_NAME = "<b>x</b><img src=x onerror=\"window.__pwned=1\">";
    private static final String MARKUP_MESSAGE = "<script>window.__pwned=1</script> số đếm giảm";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Vertx vertx;
    private String prefix;
    private UnitsProducer producer;
    private DashboardServer server;
    private WebDriver driver;

    @BeforeAll
    void startServerAndBrowser() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("%s and %s are needed: install Debian's chromium and chromium-driver: "
                        + "apt-get install chromium chromium-driver; .ci/run does this", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);

        vertx = Vertx.vertx();
        prefix = SharedKafka.freshPrefix("browser");
        producer = new UnitsProducer(prefix);
        producer.send(
                Fixtures.snapshot("VN", 1_000_000, 999_500, 0.93, 7),
                Fixtures.snapshot("VN-01", 300_000, 299_000, 0.5, 3),
                Fixtures.snapshot("VN-22", 200_000, 199_900, 0.9, 4),
                Fixtures.snapshot("VN-06", 100_000, 100_000, 1.0, 2),
                Fixtures.snapshot("VN-48", 150_000, 120_345, 0.1, 2),
                named(Fixtures.snapshot("VN-95", 80_000, 60_001, 0.2, 2), MARKUP_NAME));
        for (String district : Fixtures.REGISTRY.children("VN-22")) {
            producer.send(Fixtures.snapshot(district, 50_000, 49_321, 0.8, 2));
        }
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), Fixtures.REGISTRY)
                .withPort(0).withTopicPrefix(prefix)));
        await().atMost(Fixtures.WAIT).until(() -> status("/health") == 200);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1920,1080", "--disable-background-networking", "--disable-component-update",
                "--no-first-run");
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            await(server.close());
        }
        if (producer != null) {
            producer.close();
        }
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @BeforeEach
    void freshPage() {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1920, 1080));
    }

    @Test
    @Order(1)
    void nationalHeaderShowsExactlyTheFiguresOfTheApi() throws IOException {
        open("/");
        JsonNode vn = getJson("/api/v1/units/VN");

        awaitText("nat-pct", pct(vn.get("turnout_pct").decimalValue()));
        assertThat(vn.get("turnout_pct").decimalValue()).isEqualByComparingTo("99.95");
        assertThat(text("nat-pct")).isEqualTo("99,95%");
        assertThat(text("nat-voted")).isEqualTo(integer(vn.get("voted").asLong()) + " / "
                + integer(vn.get("registered").asLong()) + " cử tri");
        JsonNode areas = vn.at("/complete_by_level/polling_area");
        assertThat(text("nat-reporting")).isEqualTo(integer(areas.get("reporting").asLong()) + "/" + integer(areas.get("total").asLong()));
        assertThat(text("nat-complete")).startsWith(integer(areas.get("complete").asLong()) + "/"
                + integer(areas.get("total").asLong()) + " khu vực bỏ phiếu, ");
        assertThat(text("nat-target")).isEqualTo("99,5%");
        eventually().untilAsserted(() -> assertThat(text("conn")).isEqualToIgnoringCase("Trực tiếp")); // shown in capitals
        assertThat(text("asof")).isEqualTo("19:00:00 23/05/2021"); // Fixtures.AS_OF in Asia/Ho_Chi_Minh
        // The bundled previous election's curve, labelled in the page's language (English in the test of the switch).
        eventually().untilAsserted(() -> assertThat(legend("curve-legend")).contains("Kỳ trước: 2016 (minh họa)"));
        screenshot("wall-nation-1920x1080");
    }

    @Test
    @Order(2)
    void aTileShowsItsProvinceAndDrillsDownToItsChildren() throws IOException {
        open("/");
        JsonNode quangNinh = getJson("/api/v1/units/VN-22");
        By tilePct = By.cssSelector("[data-testid='tile-VN-22'] .tile-pct");
        eventually().untilAsserted(() -> assertThat(driver.findElement(tilePct).getText())
                .isEqualTo(pct(quangNinh.get("turnout_pct").decimalValue())));

        driver.findElement(By.cssSelector("[data-testid='tile-VN-22']")).click();

        eventually().untilAsserted(() -> {
            assertThat(text("view-name")).isEqualTo("Quảng Ninh");
            assertThat(text("crumbs").replaceAll("\\s+", " ")).isEqualTo("Việt Nam › Quảng Ninh");
        });
        assertThat(driver.getCurrentUrl()).endsWith("/#VN-22");
        JsonNode children = getJson("/api/v1/units/VN-22/children");
        assertThat(children.size()).isPositive();
        eventually().untilAsserted(() -> {
            for (JsonNode child : children) {
                List<String> cells = childRowCells(child.get("unit_id").asText());
                assertThat(cells).hasSize(6);
                assertThat(cells.get(0)).isEqualTo(child.get("name").asText());
                assertThat(cells.get(1)).isEqualTo(pct(child.get("turnout_pct").decimalValue()));
                assertThat(cells.get(2)).isEqualTo(integer(child.get("voted").asLong()));
                assertThat(cells.get(3)).isEqualTo(integer(child.get("registered").asLong()));
            }
        });
        // The checkpoint table: a header and one row per configured checkpoint, all pending (no data clock in this data).
        eventually().untilAsserted(() -> {
            List<String> rows = driver.findElements(By.cssSelector("#checkpoints-table tr")).stream()
                    .map(tr -> tr.getDomProperty("textContent")).toList();
            assertThat(rows).hasSize(7);
            assertThat(rows.get(1)).startsWith("09:00").contains("chưa chốt");
        });
        screenshot("wall-province-1920x1080");

        driver.findElement(By.cssSelector("#crumbs button[data-unit='VN']")).click();
        eventually().untilAsserted(() -> assertThat(text("view-name")).isEqualTo("Việt Nam"));

        driver.navigate().back(); // the address keeps the view, so back returns to the province
        eventually().untilAsserted(() -> assertThat(text("view-name")).isEqualTo("Quảng Ninh"));
    }

    @Test
    @Order(3)
    void theHeaderFollowsANewerSnapshotWithoutReload() {
        open("/");
        awaitText("nat-pct", "99,95%");
        Object marker = ((JavascriptExecutor) driver).executeScript("return window.__sameDocument = 'yes';");
        assertThat(marker).isEqualTo("yes");

        producer.send(Fixtures.snapshot("VN", 1_000_200, 999_900, 0.95, 8));

        eventually().untilAsserted(() -> {
            assertThat(text("nat-pct")).isEqualTo("99,97%");
            assertThat(text("nat-voted")).isEqualTo("999.900 / 1.000.200 cử tri");
        });
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument;")).isEqualTo("yes");
    }

    @Test
    @Order(4)
    void theDeskLayoutShowsTheSameFigures() {
        open("/?layout=desk#VN-22");
        eventually().untilAsserted(() -> {
            assertThat(driver.findElement(By.tagName("body")).getDomAttribute("class")).contains("layout-desk");
            assertThat(text("view-name")).isEqualTo("Quảng Ninh");
            assertThat(text("nat-pct")).isEqualTo("99,97%");
        });
        screenshot("desk-province-1920x1080");
    }

    @Test
    @Order(5)
    void englishSwitchAndMarkupShownAsText() {
        open("/");
        awaitText("nat-pct", "99,97%");
        driver.findElement(By.id("lang")).click();

        eventually().untilAsserted(() -> {
            assertThat(driver.findElement(By.cssSelector("h1")).getText()).isEqualTo("Voter turnout monitor");
            assertThat(text("nat-pct")).isEqualTo("99.97%");
            assertThat(text("nat-voted")).isEqualTo("999,900 of 1,000,200 voters");
            assertThat(text("conn")).isEqualToIgnoringCase("Live");
        });
        assertThat(driver.getCurrentUrl()).contains("lang=en");
        eventually().untilAsserted(() -> assertThat(legend("curve-legend"))
                .contains("Previous election: 2016 (illustrative)").doesNotContain("minh họa"));
        By markupTile = By.cssSelector("[data-testid='tile-VN-95'] .tile-name");
        assertThat(driver.findElement(markupTile).getDomProperty("textContent")).isEqualTo(MARKUP_NAME);
        assertThat(driver.findElements(By.cssSelector("#tiles b, #tiles img"))).isEmpty();
        screenshot("wall-nation-english-1920x1080");

        sendAlert(new Alert(Alert.episodeId("browser-rule", "VN-22", Fixtures.AS_OF), "browser-rule", "COUNTER_DECREASE",
                "VN-22", "province", "critical", Alert.State.FIRING, new BigDecimal("480"), new BigDecimal("500"),
                Fixtures.AS_OF, null, MARKUP_MESSAGE));
        // Grouped by kind and province, collapsed: open the group to see the alert itself.
        By group = By.cssSelector("#alerts [data-testid='alert-group'][data-kind='COUNTER_DECREASE']");
        eventually().untilAsserted(() -> {
            WebElement head = driver.findElement(group).findElement(By.className("group-head"));
            assertThat(head.getText().replaceAll("\\s+", " ")).contains("CRITICAL", "Counter decreased", "Quảng Ninh", "1 firing");
            assertThat(head.getDomAttribute("aria-expanded")).isEqualTo("false");
            head.click();
        });
        // It started firing after the page had loaded: the panel flashed; the sound is off until switched on.
        assertThat(driver.findElement(By.id("alerts-box")).getDomAttribute("data-alarms")).isEqualTo("1");
        assertThat(driver.findElement(By.id("alerts-box")).getDomAttribute("data-sounds")).isEqualTo("0");
        eventually().untilAsserted(() -> {
            List<WebElement> messages = driver.findElements(By.cssSelector("#alerts .alert-message"));
            assertThat(messages).extracting(WebElement::getText).contains(MARKUP_MESSAGE);
            assertThat(driver.findElements(By.cssSelector("#alerts .group-kind"))).extracting(WebElement::getText)
                    .contains("Counter decreased");
        });
        assertThat(driver.findElements(By.cssSelector("#alerts script"))).isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__pwned === undefined;")).isEqualTo(true);

        // Two operators acknowledge it (an open instance: the typed names, marked as such): the row shows the
        // latest with its time, and the earlier one below.
        acknowledgeAs("Trực ban A", "Acknowledge");
        eventually().untilAsserted(() -> assertThat(driver.findElement(By.cssSelector("#alerts .acked")).getText())
                .startsWith("acknowledged by Trực ban A at ").endsWith("(name as typed, not signed in)"));
        acknowledgeAs("Trực ban B", "Acknowledge too");
        eventually().untilAsserted(() -> {
            assertThat(driver.findElement(By.cssSelector("#alerts .acked")).getText())
                    .matches("acknowledged by Trực ban B at \\d\\d:\\d\\d \\(name as typed, not signed in\\)");
            assertThat(driver.findElements(By.cssSelector("#alerts .acks-earlier li"))).extracting(WebElement::getText)
                    .singleElement().asString().startsWith("earlier: Trực ban A at ");
            // the acknowledgements redrew the feed; the group stayed open
            assertThat(driver.findElement(group).findElement(By.className("group-head")).getDomAttribute("aria-expanded"))
                    .isEqualTo("true");
        });
        screenshot("wall-alerts-english-1920x1080");
    }

    private void acknowledgeAs(String operator, String buttonText) {
        WebElement name = driver.findElement(By.id("operator"));
        name.clear();
        name.sendKeys(operator);
        eventually().untilAsserted(() -> {
            WebElement ack = driver.findElement(By.cssSelector("#alerts .ack"));
            assertThat(ack.getText()).isEqualTo(buttonText);
            ack.click();
        });
    }

    @Test
    @Order(6)
    void fourKWallIsScaledNotACorner() {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(3840, 2160));
        open("/?lang=vi"); // the English switch of the test before is remembered by the browser
        awaitText("nat-pct", "99,97%");
        Object fontPx = ((JavascriptExecutor) driver).executeScript(
                "return parseFloat(getComputedStyle(document.documentElement).fontSize);");
        assertThat(((Number) fontPx).doubleValue()).isGreaterThan(24);
        screenshot("wall-nation-3840x2160");
    }

    @Test
    @Order(8)
    void groupsPutCriticalFiringFirstAndOnlyANewCriticalAlertSounds() {
        open("/?lang=vi");
        WebElement box = driver.findElement(By.id("alerts-box"));
        eventually().untilAsserted(() -> assertThat(groupHeads()).isNotEmpty());
        // The critical alert of the test before came in the full frame of this load: old news, no alarm.
        assertThat(box.getDomAttribute("data-alarms")).isEqualTo("0");

        WebElement sound = driver.findElement(By.cssSelector("[data-testid='sound-toggle']"));
        assertThat(sound.getText()).isEqualTo("Âm báo: tắt"); // off until someone in the room switches it on
        sound.click();
        eventually().untilAsserted(() -> assertThat(sound.getDomAttribute("aria-pressed")).isEqualTo("true"));
        assertThat(((JavascriptExecutor) driver).executeScript("return localStorage.getItem('alertSound');")).isEqualTo("on");

        String area = leafIds().get(0);
        sendAlert(alert("pending-rule", "SILENT_STATION", area, "polling_area", "warning", Alert.State.PENDING, "10:15"));
        sendAlert(alert("surge-rule", "SURGE", "VN-01", "province", "warning", Alert.State.FIRING, "10:20"));
        eventually().untilAsserted(() -> assertThat(groupHeads()).anyMatch(t -> t.contains("Khu vực không báo cáo"))
                .anyMatch(t -> t.contains("Tăng đột biến")));
        assertThat(box.getDomAttribute("data-alarms")).as("a warning and a pending alert do not sound").isEqualTo("0");

        // Open the pending group: it must stay open across the redraws the next alerts cause.
        By pendingGroup = By.cssSelector("#alerts [data-testid='alert-group'][data-kind='SILENT_STATION'] .group-head");
        driver.findElement(pendingGroup).click();
        eventually().untilAsserted(() -> assertThat(driver.findElements(By.cssSelector(
                "#alerts [data-kind='SILENT_STATION'] .alert.state-pending .state-badge"))).extracting(WebElement::getText)
                .contains("Đang chờ (chưa báo động)"));

        String province = Fixtures.REGISTRY.unit("VN-48").name();
        String inProvince = leafIds().stream().filter(id -> Fixtures.REGISTRY.isWithin(id, "VN-48")).findFirst().orElseThrow();
        sendAlert(alert("over-rule", "OVER_100_PERCENT", inProvince, "polling_area", "critical", Alert.State.FIRING, "10:30"));
        eventually().untilAsserted(() -> {
            assertThat(box.getDomAttribute("data-alarms")).isEqualTo("1");
            // both critical and firing: the one nobody has acknowledged yet comes first
            assertThat(groupHeads().get(0)).contains("NGHIÊM TRỌNG", "Vượt 100% cử tri", province, "1 đang báo động");
            assertThat(groupHeads().get(1)).contains("NGHIÊM TRỌNG", "Số đếm giảm", "đã xác nhận hết");
        });
        assertThat(box.getDomAttribute("data-sounds")).as("the toggle's click unlocked the audio").isEqualTo("1");
        assertThat(driver.findElement(pendingGroup).getDomAttribute("aria-expanded")).isEqualTo("true");
        assertThat(driver.findElements(By.cssSelector("#alerts .group.fresh"))).hasSize(1);
        screenshot("wall-alert-groups-1920x1080");

        // A reload is a new full frame: nothing sounds; the sound stays switched on (waiting for a click to unlock).
        open("/?lang=vi");
        eventually().untilAsserted(() -> assertThat(groupHeads()).hasSizeGreaterThanOrEqualTo(4));
        assertThat(driver.findElement(By.id("alerts-box")).getDomAttribute("data-alarms")).isEqualTo("0");
        assertThat(driver.findElement(By.cssSelector("[data-testid='sound-toggle']")).getText()).isEqualTo("Âm báo: bấm để bật loa");
        assertThat(groupHeads().get(0)).contains("Vượt 100% cử tri");
    }

    /**
     * Silences are another change's extension ({"silence": {"id","by","ends_at","comment"}} on an alert); until the
     * server carries them, this test hands the page an alerts frame through its own websocket object.
     */
    @Test
    @Order(9)
    void aSilencedAlertIsMutedAndDoesNotSound() {
        ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "(() => { const N = window.WebSocket; window.__sockets = [];"
                        + " window.WebSocket = class extends N { constructor(...a) { super(...a); window.__sockets.push(this); } }; })();"));
        open("/?lang=vi");
        eventually().untilAsserted(() -> assertThat(groupHeads()).isNotEmpty());
        String endsAt = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(7)).plusHours(1).withSecond(0).withNano(0).toString();
        String hhmm = endsAt.substring(11, 16);
        injectFrame("{\"alert_id\":\"silenced-1\",\"rule_id\":\"r\",\"kind\":\"COUNTER_DECREASE\",\"unit_id\":\"VN-06\","
                + "\"level\":\"province\",\"severity\":\"critical\",\"state\":\"firing\",\"started_at\":\"" + Fixtures.AS_OF + "\","
                + "\"unit_name\":\"" + Fixtures.REGISTRY.unit("VN-06").name() + "\",\"path\":\"Việt Nam › "
                + Fixtures.REGISTRY.unit("VN-06").name() + "\",\"ack\":null,\"acks\":[],"
                + "\"silence\":{\"id\":\"s1\",\"by\":\"Lan\",\"ends_at\":\"" + endsAt + "\",\"comment\":\"đang gọi xã\"}}");
        By group = By.cssSelector("#alerts [data-testid='alert-group'][data-group='COUNTER_DECREASE|"
                + Fixtures.REGISTRY.unit("VN-06").name() + "']");
        eventually().untilAsserted(() -> assertThat(driver.findElement(group).getText()).contains("1 đã tắt tiếng"));
        assertThat(driver.findElement(By.id("alerts-box")).getDomAttribute("data-alarms")).isEqualTo("0");
        driver.findElement(group).findElement(By.className("group-head")).click();
        eventually().untilAsserted(() -> assertThat(driver.findElement(By.cssSelector("#alerts .alert.silenced .silence")).getText())
                .isEqualTo("Đã tắt tiếng đến " + hhmm + " bởi Lan — đang gọi xã"));
    }

    /** A critical alert that clears is recovering: still listed as active, marked, and its return to firing is not news. */
    @Test
    @Order(10)
    void aRecoveringAlertStaysActiveMarkedAndItsReturnDoesNotSoundAgain() {
        open("/?lang=vi");
        WebElement box = driver.findElement(By.id("alerts-box"));
        eventually().untilAsserted(() -> assertThat(groupHeads()).isNotEmpty());
        String province = Fixtures.REGISTRY.unit("VN-22").name();
        By group = By.cssSelector("#alerts [data-testid='alert-group'][data-group='BELOW_TARGET_AT_CLOSE|" + province + "']");
        Alert firing = alert("recover-rule", "BELOW_TARGET_AT_CLOSE", "VN-22", "province", "critical", Alert.State.FIRING, "10:40");
        Alert recovering = new Alert(firing.alertId(), firing.ruleId(), firing.kind(), firing.unitId(), firing.level(),
                firing.severity(), Alert.State.RECOVERING, BigDecimal.ZERO, firing.threshold(), firing.startedAt(), null,
                "cleared", "đã hết");

        sendAlert(firing);
        eventually().untilAsserted(() -> assertThat(box.getDomAttribute("data-alarms")).isEqualTo("1"));
        sendAlert(recovering);
        eventually().untilAsserted(() -> assertThat(driver.findElement(group).getText().replaceAll("\\s+", " "))
                .contains("1 đang hồi phục").doesNotContain("đang báo động"));
        driver.findElement(group).findElement(By.className("group-head")).click();
        eventually().untilAsserted(() -> assertThat(driver.findElement(group)
                .findElement(By.cssSelector(".alert.state-recovering .state-badge")).getText()).isEqualTo("Đang hồi phục"));
        Object style = ((JavascriptExecutor) driver).executeScript("return getComputedStyle(arguments[0]).borderTopStyle;",
                driver.findElement(group).findElement(By.cssSelector(".alert.state-recovering .state-badge")));
        assertThat(style).as("marked apart from firing and pending").isEqualTo("dotted");

        sendAlert(firing);        // back before it resolved: the same episode, not a new alert
        eventually().untilAsserted(() -> assertThat(driver.findElement(group).getText().replaceAll("\\s+", " "))
                .contains("1 đang báo động").doesNotContain("đang hồi phục"));
        assertThat(box.getDomAttribute("data-alarms")).as("its start sounded already").isEqualTo("1");
    }

    /** 2,000 alerts in the page (its bound): a redraw draws only the group rows on screen, fast. */
    @Test
    @Order(11)
    void twoThousandAlertsRenderOnlyWhatIsShown() {
        open("/?lang=vi");
        eventually().untilAsserted(() -> assertThat(groupHeads()).isNotEmpty());
        List<String> units = leafIds();
        String[] kinds = {"SILENT_STATION", "SURGE", "COUNTER_DECREASE", "LAGGING_PEERS"};
        List<Alert> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String unit = units.get(i % units.size());
            String start = java.time.OffsetDateTime.parse(Fixtures.AS_OF).minusMinutes(i).toString();
            many.add(new Alert(Alert.episodeId("bulk-" + i % 4, unit, start), "bulk-" + i % 4, kinds[i % 4], unit, "polling_area",
                    i % 3 == 0 ? "critical" : "warning", i % 5 == 0 ? Alert.State.PENDING : Alert.State.FIRING,
                    BigDecimal.ONE, BigDecimal.TEN, start, null, "bulk " + i));
        }
        sendAlerts(many);
        eventually().untilAsserted(() -> assertThat(text("alerts-count")).contains("/ 2.000"));
        Object ms = ((JavascriptExecutor) driver).executeScript(
                "const s = document.getElementById('f-state'); const t0 = performance.now(); s.value = 'all';"
                        + " s.dispatchEvent(new Event('change')); return performance.now() - t0;");
        long rows = driver.findElements(By.cssSelector("#alerts > li")).size();
        System.out.printf("DashboardBrowserIT: 2,000 alerts redrawn in %.1f ms, %d rows drawn%n", ((Number) ms).doubleValue(), rows);
        assertThat(rows).isLessThanOrEqualTo(61);
        assertThat(((Number) ms).doubleValue()).isLessThan(500);
        driver.findElement(By.cssSelector("#alerts [data-testid='alert-group'] .group-head")).click();
        assertThat(driver.findElements(By.cssSelector("#alerts .group.open .alert")).size()).isLessThanOrEqualTo(20);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static UnitSnapshot named(UnitSnapshot s, String name) {
        return new UnitSnapshot(s.unitId(), s.parentId(), s.level(), name, s.registered(), s.voted(), s.completeByLevel(),
                s.asOf(), s.version());
    }

    private static Alert alert(String rule, String kind, String unit, String level, String severity, Alert.State state,
                               String hhmm) {
        String start = Fixtures.AS_OF.replace("19:00", hhmm);
        return new Alert(Alert.episodeId(rule, unit, start), rule, kind, unit, level, severity, state, BigDecimal.ONE,
                BigDecimal.TEN, start, null, kind + " at " + unit);
    }

    private static List<String> leafIds() {
        return java.util.stream.StreamSupport.stream(Fixtures.REGISTRY.units().spliterator(), false)
                .map(vn.election.model.registry.Unit::id).filter(Fixtures.REGISTRY::isLeaf).toList();
    }

    /** The group rows' texts, top to bottom, whitespace folded. */
    private List<String> groupHeads() {
        return driver.findElements(By.cssSelector("#alerts [data-testid='alert-group'] .group-head")).stream()
                .map(e -> e.getText().replaceAll("\\s+", " ")).toList();
    }

    private void injectFrame(String alertJson) {
        ((JavascriptExecutor) driver).executeScript("const ws = window.__sockets[window.__sockets.length - 1];"
                + " ws.dispatchEvent(new MessageEvent('message', {data: JSON.stringify({type: 'alerts', full: false, alerts: [JSON.parse(arguments[0])]})}));",
                alertJson);
    }

    @Test
    @Order(7)
    void theCorrectionsPanelShowsTheUnitsCorrectionsWithLocalTimeAndSender() {
        String area = Fixtures.REGISTRY.children(Fixtures.REGISTRY.children(Fixtures.REGISTRY.children("VN-22").get(0)).get(0)).get(0);
        vn.election.model.correction.Correction c = new vn.election.model.correction.Correction(area, "main",
                vn.election.model.correction.Correction.VOTED, 1_120, 1_100,
                java.time.Instant.parse("2021-05-23T02:01:00Z"), 0, 5, "tok-qn");
        try (KafkaProducer<String, byte[]> corrections = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            corrections.send(new ProducerRecord<>(Topics.CORRECTIONS.withPrefix(prefix).name(), area,
                    vn.election.model.correction.CorrectionCodec.encode(c))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the correction", e.getCause());
        }
        open("/#VN-22");
        By panel = By.cssSelector("[data-testid='corrections']");
        // Sent in UTC, shown in the page's zone (Asia/Ho_Chi_Minh): 09:01; in the language an earlier test left on.
        eventually().untilAsserted(() -> {
            boolean english = "VI".equals(text("lang-toggle"));
            assertThat(driver.findElement(panel).getDomProperty("textContent")).contains(Fixtures.REGISTRY.unit(area).name(),
                    "09:01", english ? "Voted: 1,120 → 1,100" : "Số đã bầu: 1.120 → 1.100",
                    english ? "sent by tok-qn" : "gửi bởi tok-qn");
        });
        screenshot("wall-corrections-1920x1080");
        open("/#VN-01");
        eventually().untilAsserted(() -> assertThat(driver.findElement(panel).getDomProperty("textContent"))
                .isEqualTo("VI".equals(text("lang-toggle")) ? "No corrections." : "Không có đính chính nào."));
    }

    @Test
    @Order(11)
    void aPastTimeShowsTheAsOfFiguresUnmistakablyKeepsThemAgainstLiveFramesAndLiveReturns() throws IOException {
        producer.sendHistory(
                new HistoryRecord("VN", OffsetDateTime.parse("2021-05-23T11:00:00+07:00"), 612_345, 1_000_000, 900, null, null),
                new HistoryRecord("VN-22", OffsetDateTime.parse("2021-05-23T11:00:00+07:00"), 123_456, 200_000, 100, null, null));
        await().atMost(LIVE).until(() -> getJson("/api/v1/units/VN-22?as_of=11:00").get("voted").asLong() == 123_456);
        JsonNode nation = getJson("/api/v1/units/VN?as_of=11:00");
        JsonNode quangNinh = getJson("/api/v1/units/VN-22?as_of=11:00");
        JsonNode children = getJson("/api/v1/units/VN-22/children?as_of=11:00");
        ((ChromeDriver) driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "(() => { const N = window.WebSocket; window.__asOfSockets = [];"
                        + " window.WebSocket = class extends N { constructor(...a) { super(...a); window.__asOfSockets.push(this); } }; })();"));

        // Set from the control on a live page: the address takes the time, the banner and the frame say it is not live.
        open("/?lang=vi#VN-22");
        awaitText("view-name", "Quảng Ninh");
        assertThat(driver.findElement(By.id("asof-banner")).isDisplayed()).isFalse();
        ((JavascriptExecutor) driver).executeScript("document.getElementById('travel-time').value = '11:00';");
        driver.findElement(By.id("travel-go")).click();
        eventually().untilAsserted(() -> {
            assertThat(text("asof-banner")).isEqualTo("Đang xem số liệu lúc 11:00 — không phải trực tiếp");
            assertThat(driver.findElement(By.tagName("body")).getDomAttribute("class")).contains("as-of");
            assertThat(text("nat-pct")).isEqualTo(pct(nation.get("turnout_pct").decimalValue())).isEqualTo("61,23%");
            assertThat(text("view-pct")).isEqualTo(pct(quangNinh.get("turnout_pct").decimalValue())).isEqualTo("61,73%");
            assertThat(text("conn")).isEqualToIgnoringCase("Đã kết nối");
        });
        assertThat(driver.getCurrentUrl()).contains("as_of=11%3A00").endsWith("#VN-22");
        eventually().untilAsserted(() -> {
            for (JsonNode child : children) {
                List<String> cells = childRowCells(child.get("unit_id").asText());
                assertThat(cells).hasSize(6);
                assertThat(cells.get(1)).isEqualTo(pct(child.get("turnout_pct").decimalValue()));
                assertThat(cells.get(2)).isEqualTo(integer(child.get("voted").asLong()));
            }
        });
        screenshot("wall-as-of-1920x1080");

        // A live frame for the unit in view reaches the page and changes nothing on screen.
        ((JavascriptExecutor) driver).executeScript("window.__liveUpdates = [];"
                + " window.__asOfSockets[window.__asOfSockets.length - 1].addEventListener('message', (e) => {"
                + " const m = JSON.parse(e.data); if (m.type === 'update') { window.__liveUpdates.push(m); } });");
        producer.send(Fixtures.snapshot("VN-22", 200_000, 180_000, 0.9, 50));
        eventually().until(() -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return window.__liveUpdates.some((m) => m.units.some((u) => u.unit_id === 'VN-22' && u.version === 50));")));
        assertThat(text("view-pct")).isEqualTo("61,73%");
        assertThat(text("asof-banner")).isEqualTo("Đang xem số liệu lúc 11:00 — không phải trực tiếp");

        // Live again: the frozen view goes, the live figures are back at once, the address forgets the time.
        driver.findElement(By.id("travel-live")).click();
        eventually().untilAsserted(() -> {
            assertThat(driver.findElement(By.id("asof-banner")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.tagName("body")).getDomAttribute("class")).doesNotContain("as-of");
            assertThat(text("view-pct")).isEqualTo("90,00%");
            assertThat(text("conn")).isEqualToIgnoringCase("Trực tiếp");
        });
        assertThat(driver.getCurrentUrl()).doesNotContain("as_of").endsWith("#VN-22");

        // Opened at a time, in English: drilling down keeps it; a polling area says its past is not kept.
        open("/?lang=en&as_of=11:00#VN");
        awaitText("asof-banner", "Viewing figures as of 11:00 — not live");
        driver.navigate().to("http://127.0.0.1:" + server.port() + "/?lang=en&as_of=11:00#VN-22");
        awaitText("view-pct", "61.73%");
        String district = Fixtures.REGISTRY.children("VN-22").get(0);
        eventually().untilAsserted(() -> driver.findElement(
                By.cssSelector("#children-table tr[data-unit='" + district + "'] button")).click());
        eventually().untilAsserted(() -> {
            assertThat(text("view-name")).isEqualTo(Fixtures.REGISTRY.unit(district).name());
            assertThat(text("asof-banner")).isEqualTo("Viewing figures as of 11:00 — not live");
        });
        assertThat(driver.getCurrentUrl()).containsPattern("as_of=11(%3A|:)00").endsWith("#" + district);
        String area = district;
        while (!Fixtures.REGISTRY.isLeaf(area)) {
            area = Fixtures.REGISTRY.children(area).get(0);
        }
        open("/?lang=en&as_of=11:00#" + area);
        eventually().untilAsserted(() -> {
            assertThat(text("travel-note")).startsWith("A polling area's past figures are not kept");
            assertThat(text("view-pct")).isEqualTo("—");
        });
        open("/?lang=vi&as_of=11:00#" + area);
        awaitText("travel-note", "Không lưu số liệu quá khứ của khu vực bỏ phiếu: không xem được khu vực này lúc 11:00."
                + " Xem số của xã, phường hoặc bấm Trực tiếp.");

        // Refusals: the API's own message for a bad time, the page's for one after the latest figures (19:00 here).
        open("/?lang=en&as_of=25:99#VN-22");
        eventually().untilAsserted(() -> {
            assertThat(text("travel-error")).startsWith("The server did not accept the time “25:99”: as_of: at must be a time of day")
                    .endsWith("Showing live figures.");
            assertThat(driver.findElement(By.id("asof-banner")).isDisplayed()).isFalse();
            assertThat(text("view-pct")).isEqualTo("90.00%");
        });
        assertThat(driver.getCurrentUrl()).doesNotContain("as_of");
        open("/?lang=vi&as_of=23:30#VN-22");
        eventually().untilAsserted(() -> {
            assertThat(text("travel-error")).isEqualTo("Chưa đến 23:30: số liệu mới nhất là lúc 19:00. Đang hiện số liệu trực tiếp.");
            assertThat(driver.findElement(By.id("asof-banner")).isDisplayed()).isFalse();
        });
    }

    private void sendAlert(Alert alert) {
        sendAlerts(List.of(alert));
    }

    private void sendAlerts(List<Alert> list) {
        try (KafkaProducer<String, byte[]> alerts = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (Alert alert : list) {
                alerts.send(new ProducerRecord<>(Topics.ALERTS.withPrefix(prefix).name(), alert.alertId(), AlertCodec.encode(alert)));
            }
            alerts.flush();
            alerts.send(new ProducerRecord<>(Topics.ALERTS.withPrefix(prefix).name(), list.get(0).alertId(),
                    AlertCodec.encode(list.get(0)))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the alert", e.getCause());
        }
    }

    private void open(String path) {
        // A fresh document each time: about:blank first, so the same URL with another hash really reloads.
        driver.get("about:blank");
        driver.get("http://127.0.0.1:" + server.port() + path);
    }

    /** A chart legend's text (textContent: the panel may be scrolled out on the wall, where getText is ""). */
    private String legend(String id) {
        return driver.findElement(By.id(id)).getDomProperty("textContent");
    }

    private String text(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']")).getText();
    }

    private void awaitText(String testId, String expected) {
        eventually().untilAsserted(() -> assertThat(text(testId)).isEqualTo(expected));
    }

    private void screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        }
    }

    private int status(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * The cells of a child's row in the table below the view. textContent: on the wall the lower rows are scrolled
     * out of the panel, and Selenium's getText is "" there.
     */
    private List<String> childRowCells(String unitId) {
        return driver.findElements(By.cssSelector("#children-table tr[data-unit='" + unitId + "'] td"))
                .stream().map(td -> td.getDomProperty("textContent")).toList();
    }

    private JsonNode getJson(String path) throws IOException {
        try {
            HttpResponse<String> r = http.send(request(path), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            return Json.MAPPER.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(10)).build();
    }

    /** Intl.NumberFormat('vi-VN') with two decimals: 99,95%. */
    private static String pct(BigDecimal value) {
        return viFormat("#,##0.00").format(value) + "%";
    }

    /** Intl.NumberFormat('vi-VN') for counts: 1.340. */
    private static String integer(long value) {
        return viFormat("#,##0").format(value);
    }

    private static DecimalFormat viFormat(String pattern) {
        DecimalFormatSymbols symbols = new DecimalFormatSymbols();
        symbols.setGroupingSeparator('.');
        symbols.setDecimalSeparator(',');
        return new DecimalFormat(pattern, symbols);
    }
}
