package vn.election.field.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;

class RegistryGeneratorTest {

    private static final long SEED = 42;

    /** One generated file per shape, shared by the tests (generating 2021 takes a few hundred ms). */
    private static final Map<String, String> TEXT = new HashMap<>();
    private static final Map<String, Registry> LOADED = new HashMap<>();

    private static synchronized String text(String shape) {
        return TEXT.computeIfAbsent(shape, k -> generate(k, SEED));
    }

    private static synchronized Registry registry(String shape) {
        return LOADED.computeIfAbsent(shape, k -> RegistryLoader.load(
                new ByteArrayInputStream(text(k).getBytes(StandardCharsets.UTF_8)), "generated " + k));
    }

    private static String generate(String shape, long seed) {
        StringWriter out = new StringWriter(8 << 20);
        try {
            RegistryGenerator.generate(Shape.named(shape).orElseThrow(), seed, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static long count(Registry r, String level) {
        int depth = r.levels().indexOf(level);
        assertThat(depth).as("level %s in %s", level, r.levels()).isPositive();
        return r.descendantsAt(r.root(), depth);
    }

    /** The resource file read directly, not through {@link Shape}, so the test checks the generator against the data. */
    private static List<CSVRecord> resource(String path) {
        InputStream in = RegistryGeneratorTest.class.getResourceAsStream(path);
        assertThat(in).as(path).isNotNull();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(reader, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Long> populations2021() {
        Map<String, Long> byCode = new LinkedHashMap<>();
        for (CSVRecord r : resource("/provinces/vietnam-2021.csv")) {
            byCode.put(r.get("code"), Long.parseLong(r.get("population")));
        }
        return byCode;
    }

    /** Province name → voters on its lists. */
    private static Map<String, Long> provinceVoters(Registry r) {
        Map<String, Long> out = new HashMap<>();
        for (String id : r.children(r.root())) {
            out.put(r.unit(id).name(), r.registeredTotal(id));
        }
        return out;
    }

    @Test
    void shape2021HasTheLevelsAndCountsOfThe2021Election() {
        Registry r = registry("2021");
        assertThat(r.levels()).containsExactly("nation", "province", "district", "commune", "polling_area");
        assertThat(r.root()).isEqualTo("VN");
        assertThat(r.unit("VN").name()).isEqualTo("Việt Nam");
        assertThat(count(r, "province")).isEqualTo(63);
        assertThat((double) count(r, "district")).isCloseTo(700, withinPercentage(1));
        assertThat((double) count(r, "commune")).isCloseTo(10_600, withinPercentage(1));
        assertThat((double) count(r, "polling_area")).isCloseTo(80_000, withinPercentage(1));
        assertThat((double) r.registeredTotal("VN")).isCloseTo(69_200_000, withinPercentage(1));
        // The documented targets are hit exactly.
        assertThat(count(r, "district")).isEqualTo(705);
        assertThat(count(r, "commune")).isEqualTo(10_614);
        assertThat(count(r, "polling_area")).isEqualTo(80_000);
        assertThat(r.registeredTotal("VN")).isEqualTo(69_200_000);
    }

    @Test
    void shape2026HasNoDistrictsAndExactly3321Communes() {
        Registry r = registry("2026");
        assertThat(r.levels()).containsExactly("nation", "province", "commune", "polling_area");
        assertThat(r.levels()).doesNotContain("district");
        assertThat(count(r, "province")).isEqualTo(34);
        assertThat(count(r, "commune")).isEqualTo(3_321);
        assertThat((double) count(r, "polling_area")).isCloseTo(72_000, withinPercentage(1));
        assertThat((double) r.registeredTotal("VN")).isCloseTo(78_500_000, withinPercentage(1));
        assertThat(r.registeredTotal("VN")).isEqualTo(78_500_000);
    }

    @Test
    void everyProvinceOfTheDataFilesIsThereByItsRealNameAndCode() {
        for (String shape : List.of("2021", "2026")) {
            Registry r = registry(shape);
            Map<String, String> expected = new LinkedHashMap<>();
            for (CSVRecord rec : resource("/provinces/vietnam-" + shape + ".csv")) {
                expected.put("VN-" + rec.get("code"), rec.get("name"));
            }
            Map<String, String> actual = new LinkedHashMap<>();
            for (String id : r.children(r.root())) {
                actual.put(id, r.unit(id).name());
            }
            assertThat(actual).as(shape).containsExactlyEntriesOf(expected);
        }
        assertThat(provinceVoters(registry("2021"))).containsKeys("Quảng Ninh", "Thành phố Hồ Chí Minh", "Bắc Kạn", "Bạc Liêu");
        assertThat(registry("2021").unit("VN-22").name()).isEqualTo("Quảng Ninh");
        assertThat(provinceVoters(registry("2026"))).containsKeys("Huế", "Tuyên Quang", "Thành phố Hồ Chí Minh")
                .doesNotContainKeys("Bắc Kạn", "Hà Giang", "Thừa Thiên Huế");
    }

    @Test
    void provinceVotersAreProportionalToPopulation() {
        Map<String, Long> pop = populations2021();
        long totalPop = pop.values().stream().mapToLong(Long::longValue).sum();
        assertThat((double) totalPop).isCloseTo(96_200_000, withinPercentage(0.5));

        Registry r21 = registry("2021");
        long voters21 = r21.registeredTotal("VN");
        double haNoiPopShare = (double) pop.get("01") / totalPop;
        double haNoiVoterShare = (double) r21.registeredTotal("VN-01") / voters21;
        assertThat(haNoiVoterShare).isCloseTo(haNoiPopShare, within(haNoiPopShare * 0.10));
        for (Map.Entry<String, Long> e : pop.entrySet()) {
            double popShare = (double) e.getValue() / totalPop;
            double voterShare = (double) r21.registeredTotal("VN-" + e.getKey()) / voters21;
            assertThat(voterShare).as("province %s", e.getKey()).isCloseTo(popShare, within(popShare * 0.001));
        }

        // 2026: a merged province has the summed population of its 2021 parts.
        Registry r26 = registry("2026");
        long voters26 = r26.registeredTotal("VN");
        for (CSVRecord rec : resource("/provinces/vietnam-2026.csv")) {
            long merged = 0;
            for (String part : rec.get("merged_from_2021").trim().split("\\s+")) {
                merged += pop.get(part);
            }
            double popShare = (double) merged / totalPop;
            double voterShare = (double) r26.registeredTotal("VN-" + rec.get("code")) / voters26;
            assertThat(voterShare).as(rec.get("name")).isCloseTo(popShare, within(popShare * 0.001));
        }
        long hcm = pop.get("74") + pop.get("77") + pop.get("79");
        assertThat((double) r26.registeredTotal("VN-79") / voters26)
                .isCloseTo((double) hcm / totalPop, within((double) hcm / totalPop * 0.10));
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
        for (String shape : List.of("2021", "2026")) {
            assertThat(generate(shape, SEED)).as(shape).isEqualTo(text(shape));
            assertThat(generate(shape, SEED + 1)).as(shape).isNotEqualTo(text(shape));
        }
    }

    @Test
    void namesWithCommasAreQuotedAndRoundTrip() {
        for (String shape : List.of("2021", "2026")) {
            Registry r = registry(shape);
            List<Unit> withComma = new ArrayList<>();
            for (Unit u : r.units()) {
                if (u.name().contains(",")) {
                    withComma.add(u);
                }
            }
            assertThat(withComma).as(shape).hasSizeGreaterThan(10);
            assertThat((double) withComma.size() / r.size()).as("a few, not many").isLessThan(0.05);
            for (Unit u : withComma.subList(0, 10)) {
                assertThat(text(shape)).contains("," + u.level() + ",\"" + u.name() + "\",");
            }
        }
    }

    @Test
    void idsAreHierarchicalAndNamesVietnamese() {
        // Plain loops and compiled patterns: ~90,000 units, an assertion each would be slow.
        Map<String, Pattern[]> rules2021 = Map.of(
                "province", new Pattern[] {Pattern.compile("VN-\\d\\d"), Pattern.compile(".+")},
                "district", new Pattern[] {Pattern.compile("VN-\\d\\d-\\d{3}"), Pattern.compile("(Huyện|Thị xã|Thành phố|Quận) \\S.*")},
                "commune", new Pattern[] {Pattern.compile("VN-\\d\\d-\\d{3}-\\d{5}"), Pattern.compile("(Xã|Phường|Thị trấn) \\S.*")},
                "polling_area", new Pattern[] {Pattern.compile("VN-\\d\\d-\\d{3}-\\d{5}-\\d{3}"),
                        Pattern.compile("Khu vực bỏ phiếu số [1-9]\\d*( \\(.+\\))?")});
        Map<String, Pattern[]> rules2026 = Map.of(
                "province", rules2021.get("province"),
                "commune", new Pattern[] {Pattern.compile("VN-\\d\\d-\\d{5}"), Pattern.compile("(Xã|Phường|Đặc khu) \\S.*")},
                "polling_area", new Pattern[] {Pattern.compile("VN-\\d\\d-\\d{5}-\\d{3}"), rules2021.get("polling_area")[1]});
        Map<String, Set<String>> kinds = new HashMap<>();
        for (Map.Entry<String, Map<String, Pattern[]>> shape : Map.of("2021", rules2021, "2026", rules2026).entrySet()) {
            List<String> wrong = new ArrayList<>();
            for (Unit u : registry(shape.getKey()).units()) {
                if (u.isRoot()) {
                    continue;
                }
                Pattern[] rule = shape.getValue().get(u.level());
                if (!u.id().startsWith(u.parentId() + "-") || !rule[0].matcher(u.id()).matches() || !rule[1].matcher(u.name()).matches()) {
                    wrong.add(u.level() + " " + u.id() + " " + u.name());
                }
                if (u.level().equals("district") || u.level().equals("commune")) {
                    Matcher m = rule[1].matcher(u.name());
                    m.matches();
                    kinds.computeIfAbsent(shape.getKey() + " " + u.level(), k -> new HashSet<>()).add(m.group(1));
                }
            }
            assertThat(wrong).as(shape.getKey()).isEmpty();
        }
        // Kinds are mixed, not all one.
        assertThat(kinds.get("2021 district")).containsExactlyInAnyOrder("Huyện", "Thị xã", "Thành phố", "Quận");
        assertThat(kinds.get("2021 commune")).containsExactlyInAnyOrder("Xã", "Phường", "Thị trấn");
        assertThat(kinds.get("2026 commune")).contains("Xã", "Phường");
        assertThat(registry("2021").unit("VN-22").name()).isEqualTo("Quảng Ninh");
    }

    @Test
    void siblingsHaveDistinctNamesAndEveryUnitHasChildren() {
        for (String shape : List.of("2021", "2026")) {
            Registry r = registry(shape);
            for (Unit u : r.units()) {
                if (!r.isLeaf(u.id())) {
                    List<String> children = r.children(u.id());
                    assertThat(children).as(u.id()).isNotEmpty();
                    Set<String> names = new HashSet<>();
                    for (String c : children) {
                        assertThat(names.add(r.unit(c).name())).as("duplicate name %s under %s", r.unit(c).name(), u.id()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void listSizesVaryAroundTheMeanWithinBounds() {
        for (String shape : List.of("2021", "2026")) {
            Registry r = registry(shape);
            Shape s = Shape.named(shape).orElseThrow();
            long min = Long.MAX_VALUE;
            long max = 0;
            long below600 = 0;
            long above1500 = 0;
            long n = 0;
            for (Unit u : r.units()) {
                if (r.isLeaf(u.id())) {
                    min = Math.min(min, u.registered());
                    max = Math.max(max, u.registered());
                    below600 += u.registered() < 600 ? 1 : 0;
                    above1500 += u.registered() > 1500 ? 1 : 0;
                    n++;
                }
            }
            assertThat(min).as(shape).isGreaterThanOrEqualTo(s.minListSize());
            assertThat(max).as(shape).isLessThanOrEqualTo(s.maxListSize());
            assertThat(max - min).as(shape).isGreaterThan(1_500);
            assertThat(below600).as(shape).isGreaterThan(n / 100);
            assertThat(above1500).as(shape).isGreaterThan(n / 100);
        }
        assertThat((double) registry("2021").registeredTotal("VN") / 80_000).isCloseTo(865, within(1.0));
        assertThat((double) registry("2026").registeredTotal("VN") / 72_000).isCloseTo(1090, within(1.0));
    }

    @Test
    void generates2021WellUnderFiveSeconds() throws IOException {
        Shape shape = Shape.vietnam2021();
        long start = System.nanoTime();
        RegistryGenerator.Summary summary = RegistryGenerator.generate(shape, 7, new StringWriter(8 << 20));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isLessThan(5_000);
        assertThat(summary.unitsPerLevel()).containsExactly(Map.entry("nation", 1L), Map.entry("province", 63L),
                Map.entry("district", 705L), Map.entry("commune", 10_614L), Map.entry("polling_area", 80_000L));
        assertThat(summary.voters()).isEqualTo(69_200_000L);
    }

    @Test
    void the2026ProvincesAddUpToThe2021Ones() {
        long pop2021 = Shape.provinces2021().stream().mapToLong(Shape.Province::population).sum();
        long pop2026 = Shape.provinces2026().stream().mapToLong(Shape.Province::population).sum();
        assertThat(Shape.provinces2021()).hasSize(63);
        assertThat(Shape.provinces2026()).hasSize(34);
        assertThat(pop2026).isEqualTo(pop2021);
        assertThat(Shape.named("2019")).isEmpty();
        assertThat(Shape.keys()).containsExactly("2021", "2026");
    }
}
