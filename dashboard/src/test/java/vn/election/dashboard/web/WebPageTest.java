package vn.election.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the page's safety rules for every script it ships (app.js and the modules in js/): no HTML built
 * from strings, no code from strings, no inline script or style (the CSP would block them), and every
 * module it imports is there.
 */
class WebPageTest {

    private static final Pattern IMPORT = Pattern.compile("(?:from|import\\()\\s*'(\\./[^']+)'");

    @Test
    void noScriptParsesStringsAsHtmlOrCode() throws IOException, URISyntaxException {
        List<Path> scripts = scripts();
        Path root = webroot();

        assertThat(scripts).extracting(p -> root.relativize(p).toString().replace('\\', '/'))
                .contains("app.js", "js/main.js", "js/util.js", "js/tiles.js", "js/tables.js", "js/charts.js", "js/alerts.js",
                        "js/corrections.js", "js/travel.js");
        for (Path script : scripts) {
            assertThat(Files.readString(script)).as(script.toString())
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                            "new Function", "setAttribute('on", "setAttribute(\"on", "javascript:");
        }
    }

    @Test
    void textGoesThroughTextContentAndNumbersThroughIntl() throws IOException {
        assertThat(resource("webroot/js/util.js")).contains("textContent", "Intl.NumberFormat", "Intl.DateTimeFormat", "timeZone",
                "createElementNS");
        assertThat(resource("webroot/app.js")).contains("const I18N", "locale: 'vi-VN'", "import('./js/main.js')");
    }

    @Test
    void everyImportedModuleIsShipped() throws IOException, URISyntaxException {
        for (Path script : scripts()) {
            Matcher m = IMPORT.matcher(Files.readString(script));
            while (m.find()) {
                assertThat(script.getParent().resolve(m.group(1)).normalize()).as("imported by " + script).exists();
            }
        }
    }

    @Test
    void pageLoadsOnlyItsOwnScriptAndStyle() throws IOException {
        String html = resource("webroot/index.html");

        assertThat(html).contains("<script src=\"app.js\" defer></script>", "href=\"style.css\"");
        assertThat(html.replace("<script src=\"app.js\" defer></script>", "")).doesNotContain("<script", "<style");
        assertThat(html).doesNotContain(" style=", "onclick", "onload", "onerror", "javascript:");
        assertThat(resource("webroot/style.css")).contains(".tiles", "body.layout-wall", "body.layout-desk");
    }

    private static Path webroot() throws URISyntaxException {
        return Paths.get(WebPageTest.class.getClassLoader().getResource("webroot").toURI());
    }

    private static List<Path> scripts() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.walk(webroot())) {
            return files.filter(p -> p.toString().endsWith(".js")).sorted().collect(Collectors.toList());
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WebPageTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
