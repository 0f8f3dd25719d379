package vn.election.field.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What a generated registry looks like: the root, the provinces with their populations (from the
 * data files in {@code /provinces/}), the levels between province and polling area with how many
 * units each has in the whole country, and the national polling-area and voter totals.
 *
 * @param key the name {@code --shape} takes
 * @param tiers the levels below the province, top down (2021: district, commune; 2026: commune)
 * @param pollingAreas polling areas in the country, exactly
 * @param voters voters on the lists in the country, exactly
 * @param minListSize fewest voters a polling area may have
 * @param maxListSize most voters a polling area may have
 */
public record Shape(String key, String rootId, String rootName, List<Province> provinces, List<Tier> tiers,
        int pollingAreas, long voters, int minListSize, int maxListSize) {

    /** A province of the data files; {@code code} is the official two-digit code. */
    public record Province(String code, String name, long population) {
    }

    /**
     * A level between province and polling area.
     *
     * @param count units of this level in the country, exactly
     * @param codeWidth digits of the generated code (zero-padded; wider only if the codes run out)
     * @param maxCodeStep codes advance by 1 to this many from one unit to the next, so they have gaps as real ones do
     * @param namer gives each unit its name
     */
    public record Tier(String level, int count, int codeWidth, int maxCodeStep, PlaceNames.Namer namer) {
    }

    /** The 2021 resource: {@code code,name,population} (2019 census). */
    public static final String PROVINCES_2021 = "/provinces/vietnam-2021.csv";
    /** The 2026 resource: {@code code,name,merged_from_2021} (space-separated 2021 codes). */
    public static final String PROVINCES_2026 = "/provinces/vietnam-2026.csv";

    public Shape {
        provinces = List.copyOf(provinces);
        tiers = List.copyOf(tiers);
        if (provinces.isEmpty()) {
            throw new IllegalArgumentException("shape " + key + " has no provinces");
        }
        int above = provinces.size();
        for (Tier t : tiers) {
            if (t.count() < above) {
                throw new IllegalArgumentException("shape " + key + ": " + t.count() + " units of level " + t.level()
                        + " cannot give each of the " + above + " units above at least one");
            }
            above = t.count();
        }
        if (pollingAreas < above) {
            throw new IllegalArgumentException("shape " + key + ": " + pollingAreas + " polling areas for " + above + " parents");
        }
        if (minListSize < 0 || minListSize >= maxListSize
                || voters < (long) minListSize * pollingAreas || voters > (long) maxListSize * pollingAreas) {
            throw new IllegalArgumentException("shape " + key + ": " + voters + " voters in " + pollingAreas
                    + " polling areas of " + minListSize + ".." + maxListSize + " voters");
        }
    }

    /** The names {@code --shape} accepts. */
    public static List<String> keys() {
        return List.of("2021", "2026");
    }

    /** The built-in shape of that name, if there is one. */
    public static Optional<Shape> named(String key) {
        return switch (key) {
            case "2021" -> Optional.of(vietnam2021());
            case "2026" -> Optional.of(vietnam2026());
            default -> Optional.empty();
        };
    }

    /**
     * Vietnam, 15th National Assembly (23 May 2021): 63 provinces, 705 districts, 10,614 communes,
     * 80,000 polling areas, 69,200,000 voters; the mean list is 865 voters.
     */
    public static Shape vietnam2021() {
        return new Shape("2021", "VN", "Việt Nam", provinces2021(),
                List.of(new Tier("district", 705, 3, 1, PlaceNames.DISTRICT_2021),
                        new Tier("commune", 10_614, 5, 5, PlaceNames.COMMUNE_2021)),
                80_000, 69_200_000L, 300, 2_500);
    }

    /**
     * Vietnam, 16th National Assembly (15 March 2026), after the 2025 reform: 34 provinces, 3,321
     * communes, no districts, 72,000 polling areas, 78,500,000 voters; the mean list is 1,090 voters.
     * A merged province's population is the sum of its 2021 parts.
     */
    public static Shape vietnam2026() {
        return new Shape("2026", "VN", "Việt Nam", provinces2026(),
                List.of(new Tier("commune", 3_321, 5, 5, PlaceNames.COMMUNE_2026)),
                72_000, 78_500_000L, 300, 2_500);
    }

    /** The 63 provinces of 2021 with their 2019-census populations, in file order. */
    public static List<Province> provinces2021() {
        List<Province> out = new ArrayList<>();
        for (CSVRecord r : read(PROVINCES_2021, "code", "name", "population")) {
            try {
                out.add(new Province(r.get("code"), r.get("name"), Long.parseLong(r.get("population"))));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(PROVINCES_2021 + " line " + (r.getRecordNumber() + 1)
                        + ": population '" + r.get("population") + "' is not a whole number");
            }
        }
        checkUnique(PROVINCES_2021, out);
        return out;
    }

    /** The 34 provinces of 2026, each with the summed population of the 2021 provinces it was formed from. */
    public static List<Province> provinces2026() {
        Map<String, Province> old = new LinkedHashMap<>();
        for (Province p : provinces2021()) {
            old.put(p.code(), p);
        }
        Set<String> used = new HashSet<>();
        List<Province> out = new ArrayList<>();
        for (CSVRecord r : read(PROVINCES_2026, "code", "name", "merged_from_2021")) {
            long population = 0;
            String[] parts = r.get("merged_from_2021").trim().split("\\s+");
            for (String part : parts) {
                Province p = old.get(part);
                if (p == null || !used.add(part)) {
                    throw new IllegalStateException(PROVINCES_2026 + " line " + (r.getRecordNumber() + 1) + ": 2021 code '"
                            + part + "' is " + (p == null ? "not in " + PROVINCES_2021 : "merged twice"));
                }
                population += p.population();
            }
            out.add(new Province(r.get("code"), r.get("name"), population));
        }
        if (!used.equals(old.keySet())) {
            Set<String> missing = new HashSet<>(old.keySet());
            missing.removeAll(used);
            throw new IllegalStateException(PROVINCES_2026 + " leaves out 2021 provinces " + missing);
        }
        checkUnique(PROVINCES_2026, out);
        return out;
    }

    private static List<CSVRecord> read(String resource, String... columns) {
        InputStream in = Shape.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the jar");
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8); CSVParser parser = CSVParser.parse(reader, format)) {
            if (!parser.getHeaderNames().containsAll(List.of(columns))) {
                throw new IllegalStateException(resource + ": header " + parser.getHeaderNames() + " lacks one of " + List.of(columns));
            }
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
        }
    }

    private static void checkUnique(String resource, List<Province> provinces) {
        Map<String, String> codes = new HashMap<>();
        for (Province p : provinces) {
            if (codes.put(p.code(), p.name()) != null) {
                throw new IllegalStateException(resource + ": code " + p.code() + " appears twice");
            }
        }
    }
}
