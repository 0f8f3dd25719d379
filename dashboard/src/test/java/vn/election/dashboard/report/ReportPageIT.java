package vn.election.dashboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.model.history.HistoryRecord;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.SharedKafka;

/**
 * The printable report page in headless Chromium (Debian's chromium and chromium-driver, as DashboardBrowserIT):
 * it shows what the report endpoint answers, in Vietnamese by default and in English, says a bad time in the
 * server's words, and hides its controls when printed. Screenshots in target/screenshots/report-*.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportPageIT {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Registry registry = RegistryLoader.bundledDemo();
    private Vertx vertx;
    private DashboardServer server;
    private ChromeDriver driver;

    @BeforeAll
    void start() throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("%s and %s are needed: apt-get install chromium chromium-driver; .ci/run does this", CHROMIUM, CHROMEDRIVER)
                .isTrue();
        Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
        String prefix = SharedKafka.freshPrefix("ReportPageIT");
        try (ReportTopics topics = new ReportTopics(prefix)) {
            Map<String, LevelCompletion> levels = new LinkedHashMap<>();
            levels.put("polling_area", new LevelCompletion(21, 24, 24L));
            levels.put("commune", new LevelCompletion(4, 6, null));
            levels.put("district", new LevelCompletion(1, 2, null));
            topics.snapshot(snapshot("VN-22", 26_163, 25_900, levels));
            topics.snapshot(snapshot("VN", 150_000, 140_000, Map.of()));
            topics.point(new HistoryRecord("VN-22", OffsetDateTime.parse("2021-05-23T17:00+07:00"), 24_000, 26_163, 24, null, null));
            topics.flush();
        }
        vertx = Vertx.vertx();
        server = DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0)
                .withTopicPrefix(prefix)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> server.caughtUp());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,1100",
                "--disable-background-networking", "--disable-component-update", "--no-first-run");
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void showsTheReportInVietnameseByDefault() {
        open("/report.html?unit=VN-22");

        assertThat(rows()).containsExactly(
                List.of("Tỷ lệ cử tri đi bầu", "98,99%", "", "98,20% lúc 18:00"),
                List.of("Cử tri đã bỏ phiếu / tổng số cử tri", "25.900 / 26.163", "", ""),
                List.of("Khu vực bỏ phiếu đã báo cáo", "24 / 24", "100,00%", ""),
                List.of("Khu vực bỏ phiếu đạt 100%", "21 / 24", "87,50%", "81,42%"),
                List.of("Xã đạt 100%", "4 / 6", "66,67%", "50,54%"),
                List.of("Huyện đạt 100%", "1 / 2", "50,00%", "7,14%"));
        assertThat(driver.findElement(By.id("report-title")).getText()).isEqualTo(registry.unit("VN-22").name() + " (VN-22)");
        assertThat(driver.findElement(By.id("report-col-prev")).getText()).isEqualTo("Kỳ trước (2016 (minh họa))");
        screenshot("report-province-vi");
    }

    @Test
    void showsACheckpointInEnglishAndHidesTheControlsWhenPrinted() {
        open("/report.html?unit=VN-22&at=17:00&lang=en");

        assertThat(rows().get(0)).containsExactly("Turnout", "91.73%", "", "95.80% at 17:00");
        assertThat(rows().get(3).get(0)).isEqualTo("Polling areas at 100%");
        assertThat(driver.findElement(By.id("report-col-prev")).getText()).isEqualTo("Previous term (2016 (illustrative))");
        assertThat(driver.findElement(By.id("report-asof")).getText()).contains("asked for");
        assertThat(driver.findElement(By.id("report-sources")).getText()).contains("the unit's curve point");
        assertThat(driver.findElement(By.id("report-csv")).getAttribute("href")).endsWith("/api/v1/units/VN-22/report?at=17%3A00&format=csv");
        screenshot("report-province-17h-en");

        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
        try {
            assertThat(driver.findElement(By.id("report-form")).isDisplayed()).isFalse();
            assertThat(driver.findElement(By.id("report-table")).isDisplayed()).isTrue();
            screenshot("report-province-17h-en-print");
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
        }
    }

    @Test
    void saysABadTimeInTheServersWords() {
        driver.get("http://127.0.0.1:" + server.port() + "/report.html?unit=VN-22&at=25:00&lang=en");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(driver.findElement(By.id("report-error")).getText())
                .startsWith("at must be a time of day HH:mm"));
    }

    private void open(String path) {
        driver.get("http://127.0.0.1:" + server.port() + path);
        await().atMost(WAIT).ignoreExceptions().until(() -> driver.findElements(By.cssSelector("#report-rows tr")).size() >= 5);
    }

    private List<List<String>> rows() {
        return driver.findElements(By.cssSelector("#report-rows tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
    }

    private UnitSnapshot snapshot(String id, long registered, long voted, Map<String, LevelCompletion> levels) {
        Unit u = registry.unit(id);
        return new UnitSnapshot(id, u.parentId(), u.level(), u.name(), registered, voted, levels, "2021-05-23T18:00:00+07:00", 1);
    }

    private void screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot save the screenshot " + name, e);
        }
    }
}
