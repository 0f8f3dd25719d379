package vn.election.field.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import vn.election.model.json.Json;
import vn.election.model.reading.CsvCell;
import vn.election.model.reading.FieldError;
import vn.election.model.reading.InvalidReadingException;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;

/**
 * Streams the readings of a file, one line at a time (files may hold tens of millions of readings):
 * JSON lines (each line one reading, docs/contract.md's JSON) or CSV with the header
 * {@value #CSV_HEADER}. Every line goes through {@link ReadingCodec}'s rules; a line that breaks them
 * is skipped and remembered with its number and reason ({@link #badLines()}), never fatal. Blank lines
 * are ignored, a UTF-8 byte order mark is tolerated, and a {@code .gz} file is read through gunzip.
 */
public final class ReadingFileReader implements AutoCloseable {

    /** The CSV header, in this order when written by hand; columns may come in any order. */
    public static final String CSV_HEADER = "station_id,source,seq,observed_at,voted,registered";
    /** Bad lines kept with their reasons; all of them are counted. */
    public static final int MAX_BAD_LINES_KEPT = 20;
    /** No reading needs more; a longer line is skipped as bad without being held in memory. */
    static final int MAX_LINE_CHARS = 64 * 1024;

    private static final Set<String> CSV_COLUMNS = Set.of(CSV_HEADER.split(","));
    private static final Set<String> CSV_REQUIRED = Set.of("station_id", "seq", "observed_at", "voted");
    private static final Set<String> CSV_NUMBERS = Set.of("seq", "voted", "registered");
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).get();
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
    // Jackson's locations name a source it was told to hide: "[Source: REDACTED (`…` disabled); line: 1, …]".
    private static final Pattern JACKSON_SOURCE = Pattern.compile("\\[Source: REDACTED \\([^)]*\\); ");

    /** The formats a file may have. */
    public enum Format {
        JSONL("JSON lines"), CSV("CSV");

        private final String description;

        Format(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        /** {@code jsonl} or {@code csv} (any case), as given to {@code --format}. */
        public static Format parse(String name) {
            return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
                case "jsonl", "ndjson", "json-lines" -> JSONL;
                case "csv" -> CSV;
                default -> throw new IllegalArgumentException("format must be jsonl or csv, got '" + name + "'");
            };
        }

        /** The format a file name says: .jsonl, .ndjson, .json-lines or .csv, each optionally followed by .gz. */
        public static Optional<Format> fromFileName(String fileName) {
            String name = fileName.toLowerCase(Locale.ROOT);
            if (name.endsWith(".gz")) {
                name = name.substring(0, name.length() - 3);
            }
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json-lines")) {
                return Optional.of(JSONL);
            }
            return name.endsWith(".csv") ? Optional.of(CSV) : Optional.empty();
        }
    }

    /** A line that was skipped, and why. */
    public record BadLine(long line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    private final Path file;
    private final Format format;
    private final long size;
    private final CountingInputStream counted;
    private final LineReader lines;
    private final List<BadLine> badLines = new ArrayList<>();
    private long lineNumber;
    private long badLineCount;
    private long readings;
    private Map<String, Integer> csvColumns;

    private ReadingFileReader(Path file, Format format, long size, CountingInputStream counted, LineReader lines) {
        this.file = file;
        this.format = format;
        this.size = size;
        this.counted = counted;
        this.lines = lines;
    }

    /**
     * Opens {@code file}; {@code format} null means: tell it from the file name. For CSV, the header
     * is read and checked here.
     *
     * @throws ReplayFileException the file is missing, unreadable, of unknown format, or a CSV file with a wrong header
     */
    public static ReadingFileReader open(Path file, Format format) throws ReplayFileException {
        Format chosen = format;
        if (chosen == null) {
            chosen = Format.fromFileName(String.valueOf(file.getFileName())).orElseThrow(() -> new ReplayFileException(
                    file + ": cannot tell the format from the file name; name it .jsonl, .ndjson or .csv "
                            + "(optionally .gz), or pass the format (jsonl or csv)"));
        }
        if (Files.isDirectory(file)) {
            throw new ReplayFileException(file + ": is a directory, not a file of readings");
        }
        CountingInputStream counted;
        long size;
        try {
            size = Files.size(file);
            counted = new CountingInputStream(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw new ReplayFileException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ReplayFileException(file + ": not readable (permission denied)");
        } catch (IOException e) {
            throw new ReplayFileException(file + ": cannot be opened: " + e.getMessage(), e);
        }
        InputStream in = counted;
        try {
            if (String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT).endsWith(".gz")) {
                in = new GZIPInputStream(counted, 64 * 1024);
            }
        } catch (IOException e) {
            closeQuietly(counted);
            throw new ReplayFileException(file + ": not a gzip file (" + e.getMessage() + ")", e);
        }
        // Bad bytes become U+FFFD and the line they are in is reported, instead of the whole file failing.
        InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        ReadingFileReader r = new ReadingFileReader(file, chosen, size, counted, new LineReader(reader, MAX_LINE_CHARS));
        if (chosen == Format.CSV) {
            try {
                r.readCsvHeader();
            } catch (ReplayFileException e) {
                r.close();
                throw e;
            }
        }
        return r;
    }

    /**
     * The next good reading, or null at the end of the file; bad lines on the way are recorded and
     * skipped.
     *
     * @throws ReplayFileException the file could not be read further (an I/O error, a truncated gzip file)
     */
    public Reading next() throws ReplayFileException {
        String line;
        while ((line = nextLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            if (lines.lastLineTooLong()) {
                bad("longer than " + MAX_LINE_CHARS + " characters; not a reading");
                continue;
            }
            if (line.indexOf('\uFFFD') >= 0) {
                bad("not valid UTF-8");
                continue;
            }
            try {
                Reading r = format == Format.JSONL ? ReadingCodec.decode(line) : fromCsv(line);
                readings++;
                return r;
            } catch (InvalidReadingException e) {
                bad(reason(e));
            }
        }
        return null;
    }

    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /** Lines read so far (blank, bad and header lines included): the number of the last line read. */
    public long linesRead() {
        return lineNumber;
    }

    /** Good readings returned so far. */
    public long readingsRead() {
        return readings;
    }

    /** Bytes of the file read so far (of the compressed file for {@code .gz}); a little ahead of the lines returned. */
    public long bytesRead() {
        return counted.count;
    }

    /** The file's size in bytes, when opened. */
    public long size() {
        return size;
    }

    public long badLineCount() {
        return badLineCount;
    }

    /** The first {@value #MAX_BAD_LINES_KEPT} bad lines with their reasons. */
    public List<BadLine> badLines() {
        return List.copyOf(badLines);
    }

    @Override
    public void close() {
        closeQuietly(lines);
    }

    private String nextLine() throws ReplayFileException {
        String line;
        try {
            line = lines.readLine();
        } catch (IOException | UncheckedIOException e) {
            throw new ReplayFileException(file + ": read failed after line " + lineNumber + ": " + e.getMessage(), e);
        }
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        return line;
    }

    /** The codec's errors as one reason; "$" (the line as a whole) is left out, the message says it. */
    private static String reason(InvalidReadingException e) {
        return e.errors().stream().map(f -> f.field().equals("$") ? f.message() : f.field() + ": " + f.message())
                .map(m -> JACKSON_SOURCE.matcher(m).replaceAll("["))
                .collect(Collectors.joining("; "));
    }

    private void bad(String reason) {
        badLineCount++;
        if (badLines.size() < MAX_BAD_LINES_KEPT) {
            badLines.add(new BadLine(lineNumber, reason));
        }
    }

    private void readCsvHeader() throws ReplayFileException {
        String header;
        do {
            header = nextLine();
        } while (header != null && header.isBlank());
        if (header == null) {
            // An empty file: no header, and no readings either; nothing to complain about.
            csvColumns = Map.of();
            return;
        }
        String expected = "; expected the header " + CSV_HEADER + " (source and registered may be left out)";
        List<String> names;
        try {
            names = parseCsv(header);
        } catch (InvalidReadingException e) {
            throw new ReplayFileException(file + " line " + lineNumber + ": unreadable CSV header (" + reason(e) + ")" + expected);
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim().toLowerCase(Locale.ROOT);
            if (!CSV_COLUMNS.contains(name)) {
                throw new ReplayFileException(file + " line " + lineNumber + ": unknown column '" + shorten(names.get(i))
                        + "'" + expected);
            }
            if (columns.put(name, i) != null) {
                throw new ReplayFileException(file + " line " + lineNumber + ": column '" + name + "' appears twice" + expected);
            }
        }
        List<String> missing = CSV_REQUIRED.stream().filter(c -> !columns.containsKey(c)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new ReplayFileException(file + " line " + lineNumber + ": missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + expected);
        }
        csvColumns = columns;
    }

    /**
     * One CSV row to a reading under the same rules as JSON: the row becomes the JSON object it
     * stands for (an empty cell is an absent field, a whole number a number, a fraction a fraction,
     * anything else a string) and goes through {@link ReadingCodec#fromNode}, so "12.5 voters" is
     * refused here with the very message ingest would give.
     */
    private Reading fromCsv(String line) throws InvalidReadingException {
        List<String> cells = parseCsv(line);
        if (cells.size() != csvColumns.size()) {
            throw new InvalidReadingException(List.of(new FieldError(-1, "$",
                    "expected " + csvColumns.size() + " fields (as in the header), got " + cells.size())));
        }
        ObjectNode node = NODES.objectNode();
        for (Map.Entry<String, Integer> column : csvColumns.entrySet()) {
            String value = cells.get(column.getValue());
            if (value.isEmpty()) {
                continue;
            }
            node.set(column.getKey(), CSV_NUMBERS.contains(column.getKey()) ? CsvCell.number(value) : NODES.textNode(value));
        }
        return ReadingCodec.fromNode(node, -1);
    }

    /**
     * One line as CSV cells. Each line is parsed on its own, not the file as one CSV stream: an
     * unbalanced quote then spoils one line instead of swallowing the rest of the file, and line
     * numbers stay exact. The price is that a quoted cell cannot span lines, which no reading field
     * may anyway (the codec refuses control characters).
     */
    private static List<String> parseCsv(String line) throws InvalidReadingException {
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(line)).setFormat(CSV).get()) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new IOException("expected one row, got " + records.size());
            }
            return Arrays.asList(records.get(0).values());
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new InvalidReadingException(List.of(new FieldError(-1, "$",
                    "malformed CSV: " + shorten(String.valueOf(e.getMessage())))));
        }
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // Nothing left to do with a file being given up.
        }
    }

    /** Counts the bytes read from the file, for progress as a share of its size. */
    private static final class CountingInputStream extends FilterInputStream {
        private volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
