package vn.election.model.targets;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * The turnout each unit aims at: a default (99.5% unless configured) and per-unit targets from a CSV file
 * {@code unit_id,target_pct} (lines starting with {@code #} are comments); a unit without its own target has its
 * nearest ancestor's, so one line per province sets a province and everything below it.
 */
public final class TurnoutTargets implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The target when nothing else is configured: the usual national aim of Vietnamese elections. */
    public static final BigDecimal DEFAULT_PCT = new BigDecimal("99.5");

    private final BigDecimal defaultPct;
    private final Map<String, BigDecimal> byUnit;

    private TurnoutTargets(BigDecimal defaultPct, Map<String, BigDecimal> byUnit) {
        this.defaultPct = valid(defaultPct, "the default target");
        this.byUnit = Map.copyOf(byUnit);
    }

    /** One target for every unit. */
    public static TurnoutTargets uniform(BigDecimal pct) {
        return new TurnoutTargets(pct, Map.of());
    }

    public static TurnoutTargets defaults() {
        return uniform(DEFAULT_PCT);
    }

    /** The default, and the units' own targets of {@code csv} (checked against {@code registry}). */
    public static TurnoutTargets parse(String csv, Registry registry, BigDecimal defaultPct, String source) {
        return read(new StringReader(csv), registry, defaultPct, source);
    }

    /** Reads a targets file; a bad line is refused as {@code file, line N: why}. */
    public static TurnoutTargets load(Path file, Registry registry, BigDecimal defaultPct) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, registry, defaultPct, "targets file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("targets file " + file + ": " + e.getMessage(), e);
        }
    }

    public BigDecimal defaultPct() {
        return defaultPct;
    }

    /** The units with a target of their own, as configured. */
    public Map<String, BigDecimal> own() {
        return byUnit;
    }

    /** The unit's target: its own, else its nearest ancestor's, else the default. */
    public BigDecimal of(String unitId, Registry registry) {
        String id = unitId;
        while (id != null) {
            BigDecimal own = byUnit.get(id);
            if (own != null) {
                return own;
            }
            id = registry.find(id).map(Unit::parentId).orElse(null);
        }
        return defaultPct;
    }

    private static TurnoutTargets read(Reader in, Registry registry, BigDecimal defaultPct, String source) {
        Map<String, BigDecimal> targets = new LinkedHashMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setCommentMarker('#')
                .setIgnoreEmptyLines(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            if (!parser.getHeaderMap().containsKey("unit_id") || !parser.getHeaderMap().containsKey("target_pct")) {
                throw new IllegalArgumentException(source + ", line 1: expected the header unit_id,target_pct, got "
                        + parser.getHeaderNames());
            }
            for (CSVRecord r : parser) {
                String where = source + ", line " + r.getParser().getCurrentLineNumber();
                String unit = r.get("unit_id");
                if (registry.find(unit).isEmpty()) {
                    throw new IllegalArgumentException(where + ": unit_id " + unit + " is not in the registry");
                }
                BigDecimal pct;
                try {
                    pct = new BigDecimal(r.get("target_pct"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + ": target_pct must be a number such as 99.5, got '"
                            + r.get("target_pct") + "'");
                }
                if (targets.put(unit, valid(pct, where + ": target_pct")) != null) {
                    throw new IllegalArgumentException(where + ": unit_id " + unit + " has a target already");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return new TurnoutTargets(defaultPct, targets);
    }

    private static BigDecimal valid(BigDecimal pct, String what) {
        if (pct == null || pct.signum() <= 0 || pct.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException(what + " must be a percentage above 0 and at most 100, got " + pct);
        }
        return pct;
    }
}
