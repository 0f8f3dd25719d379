package vn.election.field.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.field.replay.ReadingFileReader.BadLine;
import vn.election.field.replay.ReadingFileReader.Format;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.testing.Readings;

class ReadingFileReaderTest {

    private static final String QN_1 = "VN-22-001-00001-001";
    private static final String QN_2 = "VN-22-001-00001-002";
    private static final Reading FIRST = Readings.reading(QN_1, 1, 100, 60);
    private static final Reading SECOND = Readings.withList(QN_2, 3, 250, 1240, 90);
    private static final Reading MOBILE = Readings.reading(QN_1, "mobile", 1, 12, 120);

    @TempDir
    Path dir;

    @Test
    void readsJsonLines() throws Exception {
        Path file = write("day.jsonl", ReadingCodec.toJson(FIRST) + "\n" + ReadingCodec.toJson(SECOND) + "\n"
                + ReadingCodec.toJson(MOBILE) + "\n");

        Outcome o = readAll(file, null);

        assertThat(o.readings()).containsExactly(FIRST, SECOND, MOBILE);
        assertThat(o.badLines()).isEmpty();
        assertThat(o.reader().linesRead()).isEqualTo(3);
        assertThat(o.reader().format()).isEqualTo(Format.JSONL);
        assertThat(o.reader().bytesRead()).isEqualTo(o.reader().size()).isEqualTo(Files.size(file));
    }

    @Test
    void readsCsvWithTheContractHeaderAndEmptyOptionalCells() throws Exception {
        Path file = write("day.csv", """
                station_id,source,seq,observed_at,voted,registered
                VN-22-001-00001-001,,1,2021-05-23T08:00:00+07:00,100,
                VN-22-001-00001-002,main,3,2021-05-23T08:30:00+07:00,250,1240
                VN-22-001-00001-001,mobile,1,2021-05-23T09:00:00+07:00,12,
                """);

        Outcome o = readAll(file, null);

        assertThat(o.readings()).containsExactly(FIRST, SECOND, MOBILE);
        assertThat(o.badLines()).isEmpty();
        assertThat(o.reader().format()).isEqualTo(Format.CSV);
    }

    @Test
    void readsCsvColumnsInAnyOrderWithoutTheOptionalOnes() throws Exception {
        Path file = write("day.csv", """
                voted,observed_at,station_id,seq
                100,2021-05-23T08:00:00+07:00,VN-22-001-00001-001,+1
                """);

        assertThat(readAll(file, null).readings()).containsExactly(FIRST);
    }

    @Test
    void readsAQuotedCsvFieldWithACommaAndADoubledQuote() throws Exception {
        Path file = write("day.csv", ReadingFileReader.CSV_HEADER + "\n"
                + "\"VN-22-001-00001-001\",\"mobile, box \"\"2\"\"\",1,\"2021-05-23T09:00:00+07:00\",12,\n");

        Outcome o = readAll(file, null);

        assertThat(o.badLines()).isEmpty();
        assertThat(o.readings()).extracting(Reading::source).containsExactly("mobile, box \"2\"");
    }

    @Test
    void reportsBadJsonLinesWithTheirNumbersAndSkipsThem() throws Exception {
        Path file = write("day.jsonl", String.join("\n",
                ReadingCodec.toJson(FIRST),
                "{\"station_id\": \"VN-22",
                ReadingCodec.toJson(SECOND).replace("\"voted\":250", "\"voted\":-5"),
                ReadingCodec.toJson(SECOND).replace("\"seq\":3", "\"seq\":3.5"),
                "[1, 2]",
                ReadingCodec.toJson(MOBILE)));

        Outcome o = readAll(file, null);

        assertThat(o.readings()).containsExactly(FIRST, MOBILE);
        assertThat(o.reader().badLineCount()).isEqualTo(4);
        assertThat(o.badLines()).extracting(BadLine::line).containsExactly(2L, 3L, 4L, 5L);
        assertThat(o.badLines().get(0).reason()).startsWith("malformed JSON").doesNotContain("REDACTED");
        assertThat(o.badLines().get(1).reason()).isEqualTo("voted: must be at least 0, got -5");
        assertThat(o.badLines().get(2).reason()).isEqualTo("seq: must be a whole number, got a fraction (3.5)");
        assertThat(o.badLines().get(3).reason()).startsWith("expected a JSON object");
        assertThat(o.badLines().get(1).toString()).isEqualTo("line 3: voted: must be at least 0, got -5");
    }

    @Test
    void reportsBadCsvRowsUnderTheSameRulesAsJson() throws Exception {
        Path file = write("day.csv", """
                station_id,source,seq,observed_at,voted,registered
                VN-22-001-00001-001,,1,2021-05-23T08:00:00+07:00,100,
                VN-22-001-00001-001,,1.5,2021-05-23T08:00:00+07:00,100,
                VN-22-001-00001-001,,2,2021-05-23T08:00:00+07:00,many,
                VN-22-001-00001-001,,3,2021-05-23 08:00,100,
                VN-22-001-00001-001,,4,2021-05-23T08:00:00+07:00,100
                VN-22-001-00001-001,,,2021-05-23T08:00:00+07:00,-1,
                "VN-22-001-00001-001,,5,2021-05-23T08:00:00+07:00,100,
                VN-22-001-00001-001,,99999999999999999999999,2021-05-23T08:00:00+07:00,100,
                """);

        Outcome o = readAll(file, null);

        assertThat(o.readings()).containsExactly(FIRST);
        assertThat(o.badLines()).extracting(BadLine::line).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(o.badLines()).extracting(BadLine::reason).satisfiesExactly(
                r -> assertThat(r).isEqualTo("seq: must be a whole number, got a fraction (1.5)"),
                r -> assertThat(r).isEqualTo("voted: must be a whole number, got string"),
                r -> assertThat(r).startsWith("observed_at: not an ISO-8601 date-time with offset"),
                r -> assertThat(r).isEqualTo("expected 6 fields (as in the header), got 5"),
                r -> assertThat(r).contains("seq: missing; required").contains("voted: must be at least 0, got -1"),
                r -> assertThat(r).startsWith("malformed CSV"),
                r -> assertThat(r).startsWith("seq: out of range"));
    }

    @Test
    void ignoresBlankLinesAndKeepsLineNumbersExact() throws Exception {
        Path file = write("day.ndjson", "\n" + ReadingCodec.toJson(FIRST) + "\r\n   \r\n\n{oops}\r\n" + ReadingCodec.toJson(SECOND));

        Outcome o = readAll(file, null);

        assertThat(o.readings()).containsExactly(FIRST, SECOND);
        assertThat(o.badLines()).extracting(BadLine::line).containsExactly(5L);
        assertThat(o.reader().linesRead()).isEqualTo(6);
    }

    @Test
    void toleratesAUtf8ByteOrderMark() throws Exception {
        Path jsonl = write("bom.jsonl", "\uFEFF" + ReadingCodec.toJson(FIRST) + "\n");
        Path csv = write("bom.csv", "\uFEFF" + ReadingFileReader.CSV_HEADER + "\n"
                + "VN-22-001-00001-001,,1,2021-05-23T08:00:00+07:00,100,\n");

        assertThat(readAll(jsonl, null).readings()).containsExactly(FIRST);
        assertThat(readAll(csv, null).readings()).containsExactly(FIRST);
    }

    @Test
    void refusesAMissingFileInOneClearLine() {
        Path missing = dir.resolve("nowhere.jsonl");

        assertThatThrownBy(() -> ReadingFileReader.open(missing, null))
                .isInstanceOf(ReplayFileException.class)
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> ReadingFileReader.open(dir, Format.JSONL))
                .isInstanceOf(ReplayFileException.class).hasMessageEndingWith("is a directory, not a file of readings");
    }

    @Test
    void tellsTheFormatFromTheNameOrTakesItAsGiven() throws Exception {
        Path txt = write("day.txt", ReadingCodec.toJson(FIRST) + "\n");

        assertThatThrownBy(() -> ReadingFileReader.open(txt, null)).isInstanceOf(ReplayFileException.class)
                .hasMessageContaining("cannot tell the format").hasMessageContaining("jsonl or csv");
        assertThat(readAll(txt, Format.parse("JSONL")).readings()).containsExactly(FIRST);
        assertThat(Format.fromFileName("a.JSON-LINES")).contains(Format.JSONL);
        assertThat(Format.fromFileName("a.csv.gz")).contains(Format.CSV);
        assertThat(Format.fromFileName("a.json")).isEmpty();
        assertThatThrownBy(() -> Format.parse("xml")).hasMessage("format must be jsonl or csv, got 'xml'");
    }

    @Test
    void refusesACsvFileWithoutTheHeaderNamingTheLine() throws Exception {
        Path noHeader = write("day.csv", "\nVN-22-001-00001-001,,1,2021-05-23T08:00:00+07:00,100,\n");
        Path missingColumn = write("short.csv", "station_id,seq,voted\n");
        Path twice = write("twice.csv", "station_id,seq,seq,observed_at,voted\n");

        assertThatThrownBy(() -> ReadingFileReader.open(noHeader, null)).isInstanceOf(ReplayFileException.class)
                .hasMessageContaining("line 2: unknown column 'VN-22-001-00001-001'")
                .hasMessageContaining("expected the header " + ReadingFileReader.CSV_HEADER);
        assertThatThrownBy(() -> ReadingFileReader.open(missingColumn, null))
                .hasMessageContaining("line 1: missing column observed_at");
        assertThatThrownBy(() -> ReadingFileReader.open(twice, null)).hasMessageContaining("column 'seq' appears twice");
    }

    @Test
    void keepsTheFirstTwentyBadLinesAndCountsThemAll() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            text.append("not json ").append(i).append('\n');
        }
        text.append(ReadingCodec.toJson(FIRST)).append('\n');

        Outcome o = readAll(write("bad.jsonl", text.toString()), null);

        assertThat(o.readings()).containsExactly(FIRST);
        assertThat(o.reader().badLineCount()).isEqualTo(50);
        assertThat(o.badLines()).hasSize(ReadingFileReader.MAX_BAD_LINES_KEPT);
        assertThat(o.badLines().get(19).line()).isEqualTo(20);
    }

    @Test
    void skipsAnOverlongLineAndInvalidUtf8WithoutFailingTheFile() throws Exception {
        Path file = dir.resolve("hostile.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("{\"station_id\": \"" + "x".repeat(ReadingFileReader.MAX_LINE_CHARS * 3) + "\"}\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
            out.write((ReadingCodec.toJson(FIRST) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Outcome o = readAll(file, null);

        assertThat(o.readings()).containsExactly(FIRST);
        assertThat(o.badLines()).extracting(BadLine::toString).containsExactly(
                "line 1: longer than 65536 characters; not a reading", "line 2: not valid UTF-8");
    }

    @Test
    void readsAGzippedFile() throws Exception {
        Path file = dir.resolve("day.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((ReadingCodec.toJson(FIRST) + "\n" + ReadingCodec.toJson(SECOND) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        Outcome o = readAll(file, null);

        assertThat(o.readings()).containsExactly(FIRST, SECOND);
        assertThat(o.reader().bytesRead()).isEqualTo(Files.size(file));
    }

    @Test
    void readsAnEmptyFileAsNoReadings() throws Exception {
        assertThat(readAll(write("empty.csv", ""), null).readings()).isEmpty();
        assertThat(readAll(write("empty.jsonl", ""), null).readings()).isEmpty();
    }

    @Test
    void keepsTheOffsetTheFileWasWrittenWith() throws Exception {
        Path file = write("utc.csv", ReadingFileReader.CSV_HEADER + "\nVN-22-001-00001-001,,1,2021-05-23T01:00:00Z,100,\n");

        Reading r = readAll(file, null).readings().get(0);

        assertThat(r.observedAtLocal()).isEqualTo(OffsetDateTime.parse("2021-05-23T01:00:00Z"));
        assertThat(r.observedAt()).isEqualTo(FIRST.observedAt());
    }

    private record Outcome(ReadingFileReader reader, List<Reading> readings, List<BadLine> badLines) {
    }

    private static Outcome readAll(Path file, Format format) throws IOException {
        try (ReadingFileReader reader = ReadingFileReader.open(file, format)) {
            List<Reading> readings = new ArrayList<>();
            for (Reading r = reader.next(); r != null; r = reader.next()) {
                readings.add(r);
            }
            return new Outcome(reader, readings, reader.badLines());
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
