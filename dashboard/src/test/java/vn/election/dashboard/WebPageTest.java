package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Guards the page's safety rules: no HTML built from strings, no inline script or style (the CSP would block them). */
class WebPageTest {

    @Test
    void scriptNeverParsesStringsAsHtml() throws IOException {
        String js = resource("webroot/app.js");

        assertThat(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function");
        assertThat(js).contains("textContent", "Intl.NumberFormat", "'vi-VN'");
    }

    @Test
    void pageLoadsOnlyItsOwnScriptAndStyle() throws IOException {
        String html = resource("webroot/index.html");

        assertThat(html).contains("<script src=\"app.js\" defer></script>", "href=\"style.css\"");
        assertThat(html.replace("<script src=\"app.js\" defer></script>", "")).doesNotContain("<script", "<style");
        assertThat(html).doesNotContain(" style=", "onclick", "onload");
        assertThat(resource("webroot/style.css")).contains(".tiles");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WebPageTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
