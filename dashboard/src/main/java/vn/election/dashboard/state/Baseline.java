package vn.election.dashboard.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * The previous election's turnout curves, read from a CSV file {@code unit_id,time,turnout_pct}
 * (lines starting with {@code #} are comments): a unit without its own curve is compared with its
 * nearest ancestor's, and the answer says whose curve it is.
 */
public final class Baseline {

    static final String BUNDLED = "baseline/previous-election-demo.csv";

    private final TermLabel label;
    private final Map<String, DayCurve> curves;

    private Baseline(TermLabel label, Map<String, DayCurve> curves) {
        this.label = label;
        this.curves = Map.copyOf(curves);
    }

    public static Baseline none() {
        return new Baseline(TermLabel.of(""), Map.of());
    }

    /** The illustrative national curve bundled for the demo. */
    public static Baseline bundled() {
        try (InputStream in = Baseline.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled baseline " + BUNDLED + " is missing from the jar");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED, TermLabel.BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled baseline " + BUNDLED, e);
        }
    }

    /** Reads a baseline file; a broken file is refused with its name, line and what is wrong. */
    public static Baseline load(Path file, TermLabel label) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), label);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read baseline file " + file + ": " + e.getMessage(), e);
        }
    }

    static Baseline read(Reader reader, String source, TermLabel label) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        Map<String, Map<LocalTime, BigDecimal>> byUnit = new HashMap<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            if (!header.containsAll(List.of("unit_id", "time", "turnout_pct"))) {
                throw new IllegalArgumentException(source + ": header must be unit_id,time,turnout_pct, got " + header);
            }
            for (CSVRecord row : parser) {
                String where = source + " line " + parser.getCurrentLineNumber();
                if (!row.isConsistent()) {
                    throw new IllegalArgumentException(where + ": expected 3 columns, got " + row.size());
                }
                String unit = row.get("unit_id");
                if (unit.isEmpty()) {
                    throw new IllegalArgumentException(where + ": unit_id is empty");
                }
                try {
                    LocalTime t = DayCurve.time(row.get("time"), row.get("time"));
                    BigDecimal pct = DayCurve.pct(row.get("turnout_pct"), row.get("turnout_pct"));
                    if (byUnit.computeIfAbsent(unit, u -> new TreeMap<>()).put(t, pct) != null) {
                        throw new IllegalArgumentException(unit + " at " + t + " is given twice");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        Map<String, DayCurve> curves = new HashMap<>();
        byUnit.forEach((u, points) -> curves.put(u, new DayCurve(points)));
        return new Baseline(label, curves);
    }

    @Override
    public String toString() {
        return "Baseline[" + (curves.isEmpty() ? "none" : "'" + label.label() + "', " + curves.size() + " units") + "]";
    }

    /** Units with a curve of their own. */
    int units() {
        return curves.size();
    }

    /** Ids in the file that are not in the registry (warned about at start: probably another registry). */
    public List<String> unknownIn(Registry registry) {
        return curves.keySet().stream().filter(id -> registry.find(id).isEmpty()).sorted().toList();
    }

    /** The label shown beside the previous election's curve, in both languages. */
    public TermLabel label() {
        return label;
    }

    /** The unit's own curve or its nearest ancestor's, keyed by whose it is; empty when neither has one. */
    public Optional<Map.Entry<String, DayCurve>> nearestCurve(Registry registry, String unitId) {
        List<Unit> path = registry.path(unitId);
        for (int i = path.size() - 1; i >= 0; i--) {
            DayCurve c = curves.get(path.get(i).id());
            if (c != null) {
                return Optional.of(Map.entry(path.get(i).id(), c));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code {"label", "label_en", "unit_id", "points"}} of the unit's curve or its nearest ancestor's; empty when
     * neither has one.
     */
    public Optional<ObjectNode> toJson(Registry registry, String unitId) {
        List<Unit> path = registry.path(unitId);
        for (int i = path.size() - 1; i >= 0; i--) {
            DayCurve c = curves.get(path.get(i).id());
            if (c != null) {
                ObjectNode o = Json.MAPPER.createObjectNode();
                o.put("label", label.label());
                o.put("label_en", label.labelEn());
                o.put("unit_id", path.get(i).id());
                o.set("points", c.toJson());
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
