package vn.election.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

class TileLayoutTest {

    private static final Path PROVINCES = Path.of("../field-tools/src/main/resources/provinces");

    @Test
    void places2021ProvincesLikeTheCountry() throws IOException {
        Map<String, String> provinces = provinces("vietnam-2021.csv");
        TileLayout layout = TileLayout.forChildrenOf(registry(provinces));

        assertThat(layout.name()).isEqualTo("vietnam-2021");
        assertThat(provinces).hasSize(63);
        assertWellFormed(layout, provinces);
        assertNorthToSouth(layout, provinces, "Thừa Thiên Huế");
    }

    @Test
    void places2026ProvincesLikeTheCountry() throws IOException {
        Map<String, String> provinces = provinces("vietnam-2026.csv");
        TileLayout layout = TileLayout.forChildrenOf(registry(provinces));

        assertThat(layout.name()).isEqualTo("vietnam-2026");
        assertThat(provinces).hasSize(34);
        TileLayout layout2021 = TileLayout.forChildrenOf(registry(provinces("vietnam-2021.csv")));
        assertThat(layout.rows() * layout.cols()).isLessThan(layout2021.rows() * layout2021.cols());
        assertWellFormed(layout, provinces);
        assertNorthToSouth(layout, provinces, "Huế");
    }

    @Test
    void demoRegistryGetsThe2021LayoutCroppedToItsProvinces() throws IOException {
        Registry demo = RegistryLoader.bundledDemo();
        TileLayout layout = TileLayout.forChildrenOf(demo);
        TileLayout full = TileLayout.forChildrenOf(registry(provinces("vietnam-2021.csv")));

        assertThat(layout.name()).isEqualTo("vietnam-2021");
        assertThat(layout.positions().keySet()).containsExactlyElementsOf(demo.children(demo.root()));
        assertThat(layout.positions().values().stream().mapToInt(p -> p[0]).min()).hasValue(0);
        assertThat(layout.positions().values().stream().mapToInt(p -> p[1]).min()).hasValue(0);
        assertThat(layout.positions().values().stream().mapToInt(p -> p[0]).max()).hasValue(layout.rows() - 1);
        assertThat(layout.positions().values().stream().mapToInt(p -> p[1]).max()).hasValue(layout.cols() - 1);
        assertThat(layout.rows() * layout.cols()).isLessThan(full.rows() * full.cols());
        // Same shape as in the full map, only shifted: Hà Nội (VN-01) keeps its offset to Bạc Liêu (VN-95).
        int[] hn = layout.positions().get("VN-01");
        int[] bl = layout.positions().get("VN-95");
        int[] fullHn = full.positions().get("VN-01");
        int[] fullBl = full.positions().get("VN-95");
        assertThat(new int[] {bl[0] - hn[0], bl[1] - hn[1]}).containsExactly(fullBl[0] - fullHn[0], fullBl[1] - fullHn[1]);
    }

    @Test
    void unknownNamesGetAPlainWideGridInRegistryOrder() {
        Map<String, String> units = new LinkedHashMap<>();
        IntStream.rangeClosed(1, 10).forEach(i -> units.put(String.format("%02d", i), "Region " + i));
        TileLayout layout = TileLayout.forChildrenOf(registry(units));

        assertThat(layout.name()).isEqualTo("grid");
        assertThat(layout.cols()).isEqualTo(5); // ceil(sqrt(10 * 16 / 9)) = ceil(4.2)
        assertThat(layout.rows()).isEqualTo(2);
        assertThat(layout.positions().keySet()).containsExactlyElementsOf(units.keySet().stream().map(c -> "VN-" + c).toList());
        assertThat(layout.positions().get("VN-01")).containsExactly(0, 0);
        assertThat(layout.positions().get("VN-05")).containsExactly(0, 4);
        assertThat(layout.positions().get("VN-06")).containsExactly(1, 0);
    }

    @Test
    void oneUnknownOrRepeatedNameOrAMixOfRegistriesMeansGrid() throws IOException {
        Map<String, String> oneUnknown = provinces("vietnam-2021.csv");
        oneUnknown.put("99", "Atlantis");
        Map<String, String> repeated = new LinkedHashMap<>(Map.of("01", "Hà Nội", "02", "Hà Nội"));
        Map<String, String> mixed = new LinkedHashMap<>(Map.of("02", "Hà Giang", "46", "Huế"));

        for (Map<String, String> units : List.of(oneUnknown, repeated, mixed)) {
            TileLayout layout = TileLayout.forChildrenOf(registry(units));
            assertThat(layout.name()).isEqualTo("grid");
            assertWellFormed(layout, units);
        }
        TileLayout grid = TileLayout.forChildrenOf(registry(oneUnknown));
        assertThat(grid.cols()).isEqualTo(11); // ceil(sqrt(64 * 16 / 9)) = ceil(10.67)
        assertThat(grid.rows()).isEqualTo(6);
    }

    @Test
    void matchesNamesWrittenDifferently() throws IOException {
        Map<String, String> plain = provinces("vietnam-2026.csv");
        UnaryOperator<String> decomposedUpper = n -> Normalizer.normalize(n.toUpperCase(Locale.ROOT), Normalizer.Form.NFD);
        Map<String, String> odd = new LinkedHashMap<>();
        plain.forEach((code, name) -> odd.put(code, "  Tỉnh " + decomposedUpper.apply(name) + " "));
        odd.put("79", "TP. Hồ Chí Minh");

        TileLayout expected = TileLayout.forChildrenOf(registry(plain));
        TileLayout actual = TileLayout.forChildrenOf(registry(odd));

        assertThat(actual.name()).isEqualTo("vietnam-2026");
        assertThat(actual.rows()).isEqualTo(expected.rows());
        assertThat(actual.cols()).isEqualTo(expected.cols());
        expected.positions().forEach((id, cell) -> assertThat(actual.positions().get(id)).containsExactly(cell));
        assertThat(TileLayout.normalize("Bà Rịa–Vũng Tàu")).isEqualTo(TileLayout.normalize("Bà Rịa - Vũng Tàu"));
        assertThat(TileLayout.normalize(" Thành phố  Hồ Chí Minh ")).isEqualTo("hồ chí minh");
        assertThat(TileLayout.normalize("TP.Hồ Chí Minh")).isEqualTo("hồ chí minh");
    }

    private static void assertWellFormed(TileLayout layout, Map<String, String> provinces) {
        assertThat(layout.positions().keySet())
                .containsExactlyElementsOf(provinces.keySet().stream().map(c -> "VN-" + c).toList());
        Set<String> cells = new HashSet<>();
        layout.positions().forEach((id, p) -> {
            assertThat(p[0]).as(id + " row").isBetween(0, layout.rows() - 1);
            assertThat(p[1]).as(id + " col").isBetween(0, layout.cols() - 1);
            assertThat(cells.add(p[0] + "," + p[1])).as(id + " shares cell " + p[0] + "," + p[1]).isTrue();
        });
    }

    private static void assertNorthToSouth(TileLayout layout, Map<String, String> provinces, String hue) {
        List<Integer> rows = List.of("Hà Giang", "Hà Nội", hue, "Thành phố Hồ Chí Minh", "Cà Mau").stream()
                .map(name -> rowOf(layout, provinces, name)).toList();
        assertThat(rows).isSorted().doesNotHaveDuplicates();
    }

    private static int rowOf(TileLayout layout, Map<String, String> provinces, String name) {
        // 2026 has no Hà Giang (merged into Tuyên Quang), whose tile sits on the top row.
        String wanted = provinces.containsValue(name) ? name : "Tuyên Quang";
        String code = provinces.entrySet().stream().filter(e -> e.getValue().equals(wanted)).findFirst().orElseThrow().getKey();
        return layout.positions().get("VN-" + code)[0];
    }

    /** Code to name, in file order, from a province list (code,name,...; names hold no commas). */
    private static Map<String, String> provinces(String file) throws IOException {
        Map<String, String> byCode = new LinkedHashMap<>();
        Files.readAllLines(PROVINCES.resolve(file), StandardCharsets.UTF_8).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",")).forEach(f -> byCode.put(f[0], f[1]));
        return byCode;
    }

    /** A registry VN with one province VN-code per entry, each holding one polling area. */
    private static Registry registry(Map<String, String> provinces) {
        StringBuilder csv = new StringBuilder("unit_id,parent_id,level,name,registered\nVN,,nation,Việt Nam,\n");
        provinces.forEach((code, name) -> csv.append("VN-").append(code).append(",VN,province,\"").append(name).append("\",\n")
                .append("VN-").append(code).append("-1,VN-").append(code).append(",polling_area,Khu vực 1,100\n"));
        return RegistryLoader.load(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), "test registry");
    }
}
