package vn.election.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.election.model.unit.UnitSnapshot;

/**
 * The report's JSON as the table a provincial report ends with, labelled in English or Vietnamese
 * (numbers in that language's style: 1,340 or 1.340); a level the labels do not know is shown by its name.
 */
final class ReportTable {

    // The page's words (dashboard webroot/app.js, I18N levels), so the printed table reads like the screen.
    private static final Map<String, String> LEVELS_EN = Map.of("nation", "Nations", "province", "Provinces",
            "district", "Districts", "commune", "Communes", "polling_area", "Polling areas");
    private static final Map<String, String> LEVELS_VI = Map.of("nation", "Toàn quốc", "province", "Tỉnh",
            "district", "Huyện", "commune", "Xã", "polling_area", "Khu vực bỏ phiếu");

    private final boolean vi;
    private final NumberFormat counts;
    private final NumberFormat pcts;

    ReportTable(String lang) {
        this.vi = lang.equals("vi");
        Locale locale = vi ? Locale.forLanguageTag("vi-VN") : Locale.US;
        this.counts = NumberFormat.getIntegerInstance(locale);
        this.pcts = NumberFormat.getNumberInstance(locale);
        pcts.setMinimumFractionDigits(2);
        pcts.setMaximumFractionDigits(2);
    }

    String render(JsonNode r) {
        StringBuilder s = new StringBuilder();
        JsonNode asOf = r.path("as_of");
        s.append(r.path("name").asText()).append(" (").append(r.path("unit_id").asText()).append(", ")
                .append(r.path("level").asText()).append(")\n");
        s.append(vi ? "Số liệu tính đến: " : "As of: ").append(text(asOf.path("time"), vi ? "chưa có số liệu" : "no figures yet"));
        if (!asOf.path("requested").isNull()) {
            s.append(vi ? "  (giờ hỏi: " : "  (asked for: ").append(asOf.path("requested").asText()).append(')');
        }
        s.append('\n');
        s.append(vi ? "Nguồn: số liệu " : "Sources: figures ").append(asOf.path("figures").asText())
                .append(vi ? ", đơn vị đạt 100% " : ", units at 100% ").append(asOf.path("complete_by_level").asText())
                .append(asOf.path("open").asBoolean() ? (vi ? " (khung 5 phút chưa đóng)" : " (bucket not closed yet)") : "")
                .append('\n');
        // The English label in English (label_en: absent from an older dashboard, the same as label for a file
        // configured with one label), the Vietnamese one in Vietnamese.
        String previousLabel = r.path("previous_term").path(vi ? "label" : "label_en").asText("");
        if (previousLabel.isEmpty()) {
            previousLabel = r.path("previous_term").path("label").asText("");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", vi ? "Kỳ này" : "This term", (vi ? "Kỳ trước" : "Previous term")
                + (previousLabel.isEmpty() ? "" : " (" + previousLabel + ")")});
        JsonNode turnout = r.path("previous_term").path("turnout");
        rows.add(new String[] {vi ? "Tỷ lệ cử tri đi bầu" : "Turnout",
            pct(r.path("turnout_pct")) + "  (" + count(r.path("voted")) + " / " + count(r.path("registered")) + ")",
            turnout.isObject() ? pct(turnout.path("turnout_pct")) + (vi ? " lúc " : " at ") + turnout.path("time").asText()
                    + " (" + turnout.path("unit_id").asText() + ")" : ""});
        if (!r.path("areas_reporting").isNull()) {
            rows.add(new String[] {vi ? "Khu vực bỏ phiếu đã báo cáo" : "Polling areas reporting",
                fraction(r.path("areas_reporting"), r.path("areas_total"), null), ""});
        }
        for (JsonNode l : r.path("complete_by_level")) {
            rows.add(new String[] {level(l.path("level").asText()) + (vi ? " đạt 100%" : " at 100%"),
                fraction(l.path("complete"), l.path("total"), l.path("complete_pct")), pct(l.path("previous_complete_pct"))});
        }
        table(s, rows);
        if (!asOf.path("note").isNull() && !asOf.path("note").asText().isEmpty()) {
            s.append(vi ? "Ghi chú: " : "Note: ").append(asOf.path("note").asText()).append('\n');
        }
        return s.toString();
    }

    private String level(String name) {
        return (vi ? LEVELS_VI : LEVELS_EN).getOrDefault(name, name);
    }

    private String fraction(JsonNode part, JsonNode whole, JsonNode pct) {
        BigDecimal computed = UnitSnapshot.turnoutPct(part.asLong(), whole.asLong());
        String share = pct != null ? pct(pct) : computed == null ? "" : pct(computed);
        return count(part) + "/" + count(whole) + (share.isEmpty() ? "" : " (" + share + ")");
    }

    private String count(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "–" : counts.format(n.asLong());
    }

    private String pct(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "–" : pct(n.decimalValue());
    }

    private String pct(BigDecimal v) {
        return pcts.format(v) + "%";
    }

    private static String text(JsonNode n, String fallback) {
        return n.isNull() || n.isMissingNode() ? fallback : n.asText();
    }

    /** Left-aligned columns, two spaces apart. */
    private static void table(StringBuilder s, List<String[]> rows) {
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int c = 0; c < 3; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < 3; c++) {
                line.append(row[c]).append(" ".repeat(widths[c] - row[c].length())).append(c < 2 ? "  " : "");
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
