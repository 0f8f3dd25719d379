package vn.election.dashboard.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import vn.election.model.registry.Registry;

/**
 * The previous term's share of units at 100% per unit and lower level, read from a CSV file
 * {@code unit_id,level,complete_pct} ({@code #} lines are comments): what the provincial reports compare
 * "1,340/1,438 polling areas at 100%" with ("81.42% last term"). Its turnout comes from the baseline curves.
 */
public final class PreviousTerm {

    static final String BUNDLED = "report/previous-term-demo.csv";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final TermLabel label;
    private final Map<String, Map<String, BigDecimal>> shares;

    private PreviousTerm(TermLabel label, Map<String, Map<String, BigDecimal>> shares) {
        this.label = label;
        this.shares = Map.copyOf(shares);
    }

    public static PreviousTerm none() {
        return new PreviousTerm(TermLabel.of(""), Map.of());
    }

    /** The illustrative shares bundled for the demo registry. */
    public static PreviousTerm bundled() {
        try (InputStream in = PreviousTerm.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled previous term " + BUNDLED + " is missing from the jar");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED, TermLabel.BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled previous term " + BUNDLED, e);
        }
    }

    /** Reads a previous-term file; a broken file is refused with its name, line and what is wrong. */
    public static PreviousTerm load(Path file, TermLabel label) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), label);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read previous-term file " + file + ": " + e.getMessage(), e);
        }
    }

    public static PreviousTerm read(Reader reader, String source, TermLabel label) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        Map<String, Map<String, BigDecimal>> byUnit = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.equals(List.of("unit_id", "level", "complete_pct"))) {
                throw new IllegalArgumentException(source + ": header must be unit_id,level,complete_pct, got " + header);
            }
            for (CSVRecord row : parser) {
                String where = source + " line " + parser.getCurrentLineNumber();
                if (!row.isConsistent()) {
                    throw new IllegalArgumentException(where + ": expected 3 columns, got " + row.size());
                }
                String unit = row.get("unit_id");
                String level = row.get("level");
                if (unit.isEmpty() || level.isEmpty()) {
                    throw new IllegalArgumentException(where + ": unit_id and level must not be empty");
                }
                BigDecimal pct = pct(row.get("complete_pct"), where);
                if (byUnit.computeIfAbsent(unit, u -> new HashMap<>()).put(level, pct) != null) {
                    throw new IllegalArgumentException(where + ": " + unit + " " + level + " is given twice");
                }
            }
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return new PreviousTerm(label, byUnit);
    }

    private static BigDecimal pct(String text, String where) {
        try {
            BigDecimal v = new BigDecimal(text);
            if (v.signum() >= 0 && v.compareTo(HUNDRED) <= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(where + ": complete_pct must be a percentage 0..100, got '" + text + "'");
    }

    /** The label shown beside the previous term's figures (a year; "2016 (minh họa)" / "2016 (illustrative)" for the bundled one). */
    public TermLabel label() {
        return label;
    }

    /** The share of the unit's units at {@code level} that reached 100% in the previous term; empty when the file has none. */
    public Optional<BigDecimal> completePct(String unitId, String level) {
        return Optional.ofNullable(shares.getOrDefault(unitId, Map.of()).get(level));
    }

    /** Ids in the file that are not in the registry (warned about at start: probably another registry). */
    public List<String> unknownIn(Registry registry) {
        return shares.keySet().stream().filter(id -> registry.find(id).isEmpty()).sorted().toList();
    }

    @Override
    public String toString() {
        return "PreviousTerm[" + (shares.isEmpty() ? "none" : "'" + label.label() + "', " + shares.size() + " units") + "]";
    }
}
