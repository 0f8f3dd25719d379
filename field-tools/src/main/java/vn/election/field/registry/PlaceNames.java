package vn.election.field.registry;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Vietnamese names for generated units: a kind ("Huyện", "Phường", ...) and two words taken from
 * common place names, unique among siblings; polling areas are "Khu vực bỏ phiếu số N", a few of
 * them followed by the hamlets they cover, which puts a comma in the name.
 */
public final class PlaceNames {

    /** Names one unit; {@code taken} holds the word parts already used under the same parent. */
    @FunctionalInterface
    public interface Namer {
        String name(SplittableRandom rng, Context context, Set<String> taken);
    }

    /**
     * @param parentName the full name of the unit above
     * @param provinceShare the province's share of the country's population (0..1)
     * @param index the unit's place among its siblings, from 0
     */
    public record Context(String parentName, double provinceShare, int index) {
    }

    /** Provinces holding at least this share of the population get urban districts ("Quận") and more wards. */
    static final double POPULOUS_SHARE = 0.02;

    /** Share of polling areas whose name lists the hamlets it covers ("..., Thôn 3"). */
    static final double HAMLET_LIST_SHARE = 0.015;

    private static final List<String> WORDS = List.of(
            "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Hưng", "Long", "Phước", "Thuận", "Đông", "Tây", "Nam",
            "Bắc", "Trung", "Sơn", "Hải", "Lộc", "Thịnh", "Vĩnh", "Quang", "Minh", "Đức", "Thành", "Hiệp", "Lợi",
            "Mỹ", "Xuân", "Hà", "Thủy", "Lâm", "Cẩm", "Kim", "Ngọc", "Hồng", "Phong", "Tiến", "Thắng", "Lạc",
            "Yên", "Hợp", "Đại", "Nghĩa", "Trường", "Định", "Khánh", "Hạnh", "Thái", "Cát", "Quý", "Gia", "Hậu",
            "Thượng", "Liên", "Tam", "Ninh", "Chánh", "Lương", "Điền", "Châu", "Khê", "Giang", "Dương", "Thọ",
            "Phúc", "Bảo", "Tiên", "Vạn", "Cam", "Đồng", "Quảng", "Diên", "Hoàng", "Nhơn", "Tịnh", "Hội", "Mai",
            "Hoa", "Tường", "Thới", "Hiếu", "Tín", "Nhân", "Đạo", "Văn", "Kỳ", "Lập", "Thiện", "Lai", "Tràng",
            "Lĩnh", "Dũng", "Sen", "Cường", "Vinh", "Hiền", "Mường", "Nà", "Pác", "Tả");

    /**
     * 2021 districts: the first of each province is its provincial city ("Thành phố"); urban districts
     * ("Quận") only in populous provinces; otherwise mostly rural districts ("Huyện") and some towns ("Thị xã").
     */
    public static final Namer DISTRICT_2021 = (rng, c, taken) -> {
        String kind;
        double u = rng.nextDouble();
        if (c.index() == 0) {
            kind = "Thành phố";
        } else if (c.provinceShare() >= POPULOUS_SHARE) {
            kind = u < 0.40 ? "Quận" : u < 0.85 ? "Huyện" : u < 0.92 ? "Thị xã" : "Thành phố";
        } else {
            kind = u < 0.84 ? "Huyện" : u < 0.94 ? "Thị xã" : "Thành phố";
        }
        return kind + " " + words(rng, taken);
    };

    /**
     * 2021 communes follow their district: wards ("Phường", some numbered) in a Quận, wards and
     * communes in cities and towns, and in a Huyện a township ("Thị trấn", the district seat) then communes ("Xã").
     */
    public static final Namer COMMUNE_2021 = (rng, c, taken) -> {
        String parent = c.parentName();
        double u = rng.nextDouble();
        if (parent.startsWith("Quận ")) {
            // Wards of big-city districts are often numbered: "Phường 12". Indexes are unique among siblings.
            return u < 0.3 ? "Phường " + (c.index() + 1) : "Phường " + words(rng, taken);
        }
        String kind;
        if (parent.startsWith("Thành phố ")) {
            kind = c.index() == 0 || u < 0.55 ? "Phường" : "Xã";
        } else if (parent.startsWith("Thị xã ")) {
            kind = c.index() == 0 || u < 0.4 ? "Phường" : "Xã";
        } else {
            kind = c.index() == 0 ? "Thị trấn" : "Xã";
        }
        return kind + " " + words(rng, taken);
    };

    /**
     * 2026 communes sit directly under the province (the reform abolished districts and townships):
     * mostly communes ("Xã"), wards ("Phường"; more in populous provinces) and a rare special zone ("Đặc khu").
     */
    public static final Namer COMMUNE_2026 = (rng, c, taken) -> {
        double u = rng.nextDouble();
        double wards = c.provinceShare() >= POPULOUS_SHARE ? 0.35 : 0.15;
        String kind = u < 0.004 ? "Đặc khu" : u < 0.004 + wards ? "Phường" : "Xã";
        return kind + " " + words(rng, taken);
    };

    private PlaceNames() {
    }

    /** "Khu vực bỏ phiếu số N"; now and then followed by the hamlets or residential groups it covers. */
    static String pollingArea(SplittableRandom rng, String communeName, int number) {
        String name = "Khu vực bỏ phiếu số " + number;
        if (rng.nextDouble() < HAMLET_LIST_SHARE) {
            String part = communeName.startsWith("Phường ") ? "Tổ dân phố " : "Thôn ";
            int first = 1 + rng.nextInt(12);
            name += " (" + part + first + ", " + part + (first + 1) + ")";
        }
        return name;
    }

    /** Two different words not yet used under this parent; after many misses a number makes it unique. */
    static String words(SplittableRandom rng, Set<String> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int a = rng.nextInt(WORDS.size());
            int b = rng.nextInt(WORDS.size() - 1);
            String candidate = WORDS.get(a) + " " + WORDS.get(b >= a ? b + 1 : b);
            if (taken.add(candidate)) {
                return candidate;
            }
        }
        String base = WORDS.get(rng.nextInt(WORDS.size()));
        for (int n = taken.size(); ; n++) {
            if (taken.add(base + " " + n)) {
                return base + " " + n;
            }
        }
    }
}
