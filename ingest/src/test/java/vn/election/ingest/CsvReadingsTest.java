package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvReadingsTest {

    private static final String HEADER = CsvReadings.HEADER;
    private static final String ROW = "VN-22-001-00001-001,main,1,2021-05-23T09:00:00+07:00,812,";

    private static CsvReadings.Parsed parse(String body) {
        return CsvReadings.parse(body.getBytes(StandardCharsets.UTF_8), 1000);
    }

    @Test
    void turnsRowsIntoReadingObjectsWithTheirLineNumbers() {
        CsvReadings.Parsed p = parse("\uFEFF" + HEADER + "\r\n" + ROW + "\r\n\r\n"
                + "VN-22-001-00001-002,,2,2021-05-23T09:00:00+07:00,5,1236\n");

        assertThat(p.errors()).isEmpty();
        assertThat(p.rowCount()).isEqualTo(2);
        assertThat(p.lines()).containsExactly(2, 4);
        assertThat(p.rows()).containsExactly(0, 1);
        assertThat(p.items().get(0).toString()).isEqualTo("{\"station_id\":\"VN-22-001-00001-001\",\"source\":\"main\","
                + "\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00+07:00\",\"voted\":812}");
        assertThat(p.items().get(1).has("source")).as("an empty cell is an absent field").isFalse();
        assertThat(p.items().get(1).get("registered").asInt()).isEqualTo(1236);
    }

    @Test
    void takesColumnsInAnyOrderAndLeavesOutOptionalOnes() {
        CsvReadings.Parsed p = parse("voted,station_id,observed_at,seq\n3,VN-22-001-00001-001,2021-05-23T09:00:00+07:00,9\n");

        assertThat(p.errors()).isEmpty();
        assertThat(p.items().get(0).get("seq").asInt()).isEqualTo(9);
    }

    @Test
    void namesTheLineOfAWrongHeader() {
        assertThat(parse("\n\nstation,seq\n" + ROW).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.index()).isEqualTo(-1);
            assertThat(e.message()).startsWith("line 3: unknown column 'station' in the header; expected the header");
        });
        assertThat(parse("station_id,seq,observed_at\n").errors().get(0).message())
                .isEqualTo("line 1: the header lacks voted; expected the header " + HEADER
                        + " (source and registered may be left out)");
        assertThat(parse("seq,seq,station_id,observed_at,voted\n").errors().get(0).message()).contains("'seq' appears twice");
        assertThat(parse("").errors().get(0).message()).startsWith("line 1: empty body");
    }

    @Test
    void namesTheLineOfARowThatIsNotCsvAndKeepsTheOthers() {
        CsvReadings.Parsed p = parse(HEADER + "\n" + ROW + "\nVN-22-001-00001-001,\"main,2,x,1,\n" + ROW + ",extra\n" + ROW);

        assertThat(p.items()).hasSize(2);
        assertThat(p.lines()).containsExactly(2, 5);
        assertThat(p.errors()).extracting(CsvReadings.LineError::line).containsExactly(3, 4);
        assertThat(p.errors()).extracting(CsvReadings.LineError::index).containsExactly(1, 2);
        assertThat(p.errors().get(0).message()).startsWith("line 3: malformed CSV");
        assertThat(p.errors().get(1).message()).isEqualTo("line 4: expected 6 fields (as in the header), got 7");
    }

    @Test
    void refusesABodyThatIsNotUtf8() {
        byte[] latin1 = (HEADER + "\nVN-22-001-00001-001,hộp,1,2021-05-23T09:00:00+07:00,1,\n").getBytes(StandardCharsets.UTF_8);
        latin1[HEADER.length() + 22] = (byte) 0xFF;

        assertThat(CsvReadings.parse(latin1, 10).errors().get(0).message()).contains("not valid UTF-8");
    }

    @Test
    void countsRowsBeyondTheBatchLimitWithoutParsingThem() {
        CsvReadings.Parsed p = CsvReadings.parse((HEADER + "\n" + (ROW + "\n").repeat(12)).getBytes(StandardCharsets.UTF_8), 10);

        assertThat(p.rowCount()).isEqualTo(12);
        assertThat(p.items()).hasSize(10);
    }

    @Test
    void keepsNumbersAndStringsForTheCodecToJudge() {
        CsvReadings.Parsed p = parse(HEADER + "\nVN-22-001-00001-001,main,1.5,2021-05-23T09:00:00+07:00,many,-3\n");

        assertThat(p.items().get(0).get("seq").isNumber()).isTrue();
        assertThat(p.items().get(0).get("voted").isTextual()).isTrue();
        assertThat(p.items().get(0).get("registered").asInt()).isEqualTo(-3);
    }
}
