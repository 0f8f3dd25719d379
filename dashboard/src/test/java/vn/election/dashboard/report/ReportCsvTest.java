package vn.election.dashboard.report;

import vn.election.dashboard.state.PreviousTerm;
import vn.election.dashboard.state.CompletionTimes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.state.Baseline;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.registry.Registry;
import vn.election.testing.TestRegistries;

class ReportCsvTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    @Test
    void aHeaderThenOneRowPerFigureWithItsSourceAndNoFormulaFromAName() throws IOException {
        Registry registry = TestRegistries.load("""
                unit_id,parent_id,level,name,registered
                X,,nation,"=HYPERLINK(""http://evil.example"",""x"")",
                X-1,X,province,"Tỉnh Một, Bắc",
                X-1-a,X-1,commune,Xã A,
                X-1-a-1,X-1-a,polling_area,Khu vực 1,100
                """);
        UnitStore store = new UnitStore(registry);
        ReportBuilder reports = new ReportBuilder(store, (u, t) -> java.util.Optional.empty(), new CompletionTimes(registry),
                PreviousTerm.none(), Baseline.none(), ZONE, Clock.systemUTC());

        String csv = ReportCsv.of(reports.now("X"));

        assertThat(csv).startsWith(ReportCsv.HEADER + "\r\n");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows).extracting(r -> r.get("figure") + " " + r.get("level") + " " + r.get("count") + "/" + r.get("total"))
                .containsExactly("turnout nation 0/100", "reporting polling_area 0/1", "complete polling_area 0/1",
                        "complete commune 0/1", "complete province 0/1");
        assertThat(rows.get(0).get("unit_name")).startsWith("'=HYPERLINK(");
        assertThat(rows.get(0).get("source")).isEqualTo("registry");
        assertThat(rows.get(0).get("pct")).isEqualTo("0.00");
        assertThat(ReportCsv.of(reports.now("X-1"))).contains("\"Tỉnh Một, Bắc\"");
    }
}
