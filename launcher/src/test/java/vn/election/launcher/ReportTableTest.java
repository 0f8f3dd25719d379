package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import vn.election.model.json.Json;

class ReportTableTest {

    private static JsonNode report(String previousTerm) throws IOException {
        return Json.MAPPER.readTree("""
                {"unit_id": "X", "level": "nation", "name": "X", "registered": 100, "voted": 50, "turnout_pct": 50.00,
                 "areas_reporting": null, "areas_total": 1, "complete_by_level": [], "previous_term": %s,
                 "as_of": {"requested": null, "time": null, "figures": "registry", "open": false,
                           "complete_by_level": "registry", "note": null}}
                """.formatted(previousTerm));
    }

    @Test
    void thePreviousTermIsLabelledInTheTablesLanguage() throws IOException {
        JsonNode r = report("{\"label\": \"2016 (minh họa)\", \"label_en\": \"2016 (illustrative)\", \"turnout\": null}");

        assertThat(new ReportTable("en").render(r)).contains("Previous term (2016 (illustrative))").doesNotContain("minh họa");
        assertThat(new ReportTable("vi").render(r)).contains("Kỳ trước (2016 (minh họa))").doesNotContain("illustrative");
    }

    @Test
    void aDashboardWithoutTheEnglishLabelHasItsOneLabelShownInEnglish() throws IOException {
        JsonNode r = report("{\"label\": \"2021\", \"turnout\": null}");

        assertThat(new ReportTable("en").render(r)).contains("Previous term (2021)");
    }
}
