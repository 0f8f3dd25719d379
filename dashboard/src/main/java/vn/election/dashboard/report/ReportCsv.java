package vn.election.dashboard.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import vn.election.model.unit.UnitSnapshot;

/**
 * The CSV answer of {@code GET /api/v1/units/{id}/report?format=csv}: a header row, then one row per
 * figure (turnout, polling areas reporting, units at 100% per level), each with its source; the previous
 * term's label in Vietnamese ({@code previous_label}) and English ({@code previous_label_en}, the last column,
 * so a reader of the older columns by position still reads them).
 */
public final class ReportCsv {

    public static final String HEADER = "unit_id,unit_name,figure,level,count,total,pct,previous_pct,previous_label,as_of,source,previous_label_en";

    private ReportCsv() {
    }

    public static String of(TurnoutReport r) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(HEADER.split(",")).setRecordSeparator("\r\n").get();
        String asOf = r.asOf().time() == null ? "" : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(r.asOf().time());
        String figures = r.asOf().figures().wire();
        try (CSVPrinter p = new CSVPrinter(out, format)) {
            String id = text(r.unit().id());
            String name = text(r.unit().name());
            TurnoutReport.PreviousTurnout previous = r.previousTurnout();
            p.printRecord(id, name, "turnout", text(r.unit().level()), num(r.voted()), num(r.registered()), num(r.turnoutPct()),
                    previous == null ? "" : num(previous.pct()), previous == null ? "" : text(previous.label().label()), asOf, figures,
                    previous == null ? "" : text(previous.label().labelEn()));
            if (r.areasReporting() != null) {
                p.printRecord(id, name, "reporting", "polling_area", r.areasReporting(), r.areasTotal(),
                        num(UnitSnapshot.turnoutPct(r.areasReporting(), r.areasTotal())), "", "", asOf, figures, "");
            }
            for (TurnoutReport.LevelRow row : r.levels()) {
                p.printRecord(id, name, "complete", text(row.level()), row.complete(), row.total(), num(row.completePct()),
                        num(row.previousCompletePct()), row.previousCompletePct() == null ? "" : text(r.previousTermLabel().label()),
                        asOf, r.asOf().completeByLevel().wire(),
                        row.previousCompletePct() == null ? "" : text(r.previousTermLabel().labelEn()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String num(Object value) {
        return value == null ? "" : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    /**
     * A text cell a spreadsheet will not run: one starting with =, +, -, @, tab or carriage return gets a
     * leading apostrophe (a registry or label is data, never a formula).
     */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
    }
}
