package vn.election.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import vn.election.model.reading.CsvCell;

/**
 * Pure: a CSV request body (header {@value #HEADER}, then one reading per line) to the JSON objects
 * the rows stand for, each with its line number, plus the rows that are not CSV at all. The objects
 * then go through {@link ReadingBatchValidator} like a JSON batch, so the rules and messages are the
 * same; errors carry the line they come from.
 */
final class CsvReadings {

    static final String HEADER = "station_id,source,seq,observed_at,voted,registered";
    private static final Set<String> COLUMNS = Set.of(HEADER.split(","));
    private static final Set<String> REQUIRED = Set.of("station_id", "seq", "observed_at", "voted");
    private static final Set<String> NUMBERS = Set.of("seq", "voted", "registered");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).get();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final int MAX_SHOWN = 60;

    /** An error of the body: row {@code index} (0 = first reading; -1 = the body as a whole) at {@code line}. */
    record LineError(int index, int line, String field, String message) {
    }

    /**
     * What a body came to.
     *
     * @param items the rows that are CSV, as JSON objects, in order
     * @param rows for each item, its row index (0 = the first line after the header, blank lines not counted)
     * @param lines for each item, its line number in the body (1 = the header)
     * @param errors rows that are not CSV, or the body as a whole; empty when all is CSV
     * @param rowCount how many reading rows the body has (over the batch limit they are only counted)
     */
    record Parsed(List<JsonNode> items, List<Integer> rows, List<Integer> lines, List<LineError> errors, int rowCount) {
    }

    private CsvReadings() {
    }

    /** Parses {@code body}; rows beyond {@code maxBatch} are counted, not parsed. */
    static Parsed parse(byte[] body, int maxBatch) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return whole(1, "the body is not valid UTF-8; save the file as UTF-8 CSV");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\n", -1);
        int headerLine = 0;
        while (headerLine < lines.length && lines[headerLine].strip().isEmpty()) {
            headerLine++;
        }
        if (headerLine == lines.length) {
            return whole(1, "empty body: expected the header " + HEADER + " and one reading per line");
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        String headerProblem = header(strip(lines[headerLine]), columns);
        if (headerProblem != null) {
            return whole(headerLine + 1, headerProblem + "; expected the header " + HEADER
                    + " (source and registered may be left out)");
        }
        List<JsonNode> items = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        int row = 0;
        for (int i = headerLine + 1; i < lines.length; i++) {
            String line = strip(lines[i]);
            if (line.isBlank()) {
                continue;
            }
            int index = row++;
            if (index >= maxBatch) {
                continue;
            }
            int lineNumber = i + 1;
            List<String> cells;
            try {
                cells = cells(line);
            } catch (IllegalArgumentException e) {
                errors.add(new LineError(index, lineNumber, "$", "line " + lineNumber + ": " + e.getMessage()));
                continue;
            }
            if (cells.size() != columns.size()) {
                errors.add(new LineError(index, lineNumber, "$", "line " + lineNumber + ": expected " + columns.size()
                        + " fields (as in the header), got " + cells.size()));
                continue;
            }
            ObjectNode node = NODES.objectNode();
            for (Map.Entry<String, Integer> column : columns.entrySet()) {
                String value = cells.get(column.getValue());
                if (!value.isEmpty()) {
                    node.set(column.getKey(), NUMBERS.contains(column.getKey()) ? CsvCell.number(value) : NODES.textNode(value));
                }
            }
            items.add(node);
            rows.add(index);
            numbers.add(lineNumber);
        }
        return new Parsed(items, rows, numbers, errors, row);
    }

    /** Null when the header names known columns once each, with every required one; else what is wrong. */
    private static String header(String line, Map<String, Integer> columns) {
        List<String> names;
        try {
            names = cells(line);
        } catch (IllegalArgumentException e) {
            return "unreadable CSV header (" + e.getMessage() + ")";
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                return "unknown column '" + shorten(names.get(i)) + "' in the header";
            }
            if (columns.put(name, i) != null) {
                return "column '" + name + "' appears twice in the header";
            }
        }
        List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).sorted().toList();
        return missing.isEmpty() ? null : "the header lacks " + String.join(", ", missing);
    }

    /**
     * One line as cells. Each line is parsed on its own: an unbalanced quote spoils one line instead
     * of swallowing the rest, and line numbers stay exact; so a quoted cell cannot span lines, which
     * no reading field may anyway.
     */
    private static List<String> cells(String line) {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(line)).setFormat(FORMAT).get()) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new IllegalArgumentException("malformed CSV: expected one row, got " + records.size());
            }
            return Arrays.asList(records.get(0).values());
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException("malformed CSV (" + shorten(String.valueOf(e.getMessage())) + ")");
        }
    }

    private static Parsed whole(int line, String message) {
        return new Parsed(List.of(), List.of(), List.of(),
                List.of(new LineError(-1, line, "$", "line " + line + ": " + message)), 0);
    }

    private static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "…";
    }
}
