package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.testing.SharedKafka;

/**
 * The silences panel in headless Chromium on an open dashboard: silencing the province in view for 30 minutes from the
 * form lists the silence with who set it and marks the province's alert (REST), "Expire / Kết thúc" ends it; in both
 * languages. Screenshots in target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SilencesPageIT {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String area = Fixtures.REGISTRY.children(Fixtures.REGISTRY.children(
            Fixtures.REGISTRY.children("VN-22").get(0)).get(0)).get(0);
    private final Alert alert = Fixtures.firingAlert(area, "SILENT_STATION", "2021-05-23T09:05:00+07:00");
    private Vertx vertx;
    private UnitsProducer producer;
    private DashboardServer server;
    private WebDriver driver;

    @BeforeAll
    void start() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("%s and %s are needed (apt-get install chromium chromium-driver)", CHROMIUM, CHROMEDRIVER).isTrue();
        Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
        vertx = Vertx.vertx();
        String prefix = SharedKafka.freshPrefix("silencesPage");
        producer = new UnitsProducer(prefix);
        producer.send(Fixtures.snapshot("VN", 1_000_000, 500_000, 1), Fixtures.snapshot("VN-22", 200_000, 150_000, 1));
        producer.sendAlert(alert);
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), Fixtures.REGISTRY)
                .withPort(0).withTopicPrefix(prefix)));
        await().atMost(Fixtures.WAIT).until(() -> server.caughtUp() && server.state().alerts().size() == 1);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1920,1080", "--disable-background-networking", "--disable-component-update", "--no-first-run");
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

    @Test
    void silencingTheUnitInViewFromThePageAndExpiringIt() throws Exception {
        driver.get("http://127.0.0.1:" + server.port() + "/#VN-22");
        WebElement operator = driver.findElement(By.id("operator"));
        operator.clear();
        operator.sendKeys("trực ban");
        await().atMost(Fixtures.WAIT).untilAsserted(() -> assertThat(driver.findElement(By.id("silence-unit")).getText())
                .isEqualTo("Tạm tắt cảnh báo của " + Fixtures.REGISTRY.unit("VN-22").name()));
        new Select(driver.findElement(By.id("silence-duration"))).selectByValue("30");
        new Select(driver.findElement(By.id("silence-kind"))).selectByValue("SILENT_STATION");
        driver.findElement(By.id("silence-comment")).sendKeys("mất điện thoại");
        driver.findElement(By.id("silence-create")).click();

        await().atMost(Fixtures.WAIT).untilAsserted(() -> assertThat(driver.findElements(By.cssSelector("[data-testid='silence']")))
                .hasSize(1));
        String shown = driver.findElement(By.cssSelector("[data-testid='silence']")).getText();
        assertThat(shown).contains(Fixtures.REGISTRY.unit("VN-22").name(), "Khu vực không báo cáo", "bởi trực ban",
                "(tên tự ghi, chưa đăng nhập)", "mất điện thoại", "Kết thúc");
        JsonNode marked = json("/api/v1/alerts").get(0).get("silence");
        assertThat(marked.get("by").asText()).isEqualTo("trực ban");
        assertThat(Duration.between(java.time.Instant.now(), java.time.Instant.parse(marked.get("ends_at").asText())).toMinutes())
                .isBetween(28L, 30L);
        shot("silences-panel-vi");

        driver.findElement(By.id("lang")).click();
        await().atMost(Fixtures.WAIT).untilAsserted(() -> assertThat(driver.findElement(By.cssSelector("[data-testid='silence']"))
                .getText()).contains("Silent polling area", "by trực ban", "Expire"));
        shot("silences-panel-en");
        driver.findElement(By.cssSelector("[data-testid='silence'] button")).click();
        await().atMost(Fixtures.WAIT).untilAsserted(() -> assertThat(driver.findElement(By.id("silences")).getText())
                .isEqualTo("No alerts are silenced."));
        assertThat(json("/api/v1/alerts").get(0).get("silence").isNull()).isTrue();
        assertThat(json("/api/v1/silences").get(0).get("expired_by").asText()).isEqualTo("trực ban");
    }

    private JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    private void shot(String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
