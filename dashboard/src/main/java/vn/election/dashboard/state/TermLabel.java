package vn.election.dashboard.state;

/**
 * The previous term's label in Vietnamese and English ({@code 2016 (minh họa)} / {@code 2016 (illustrative)}):
 * a configured label without an English one is shown as it is in both languages.
 *
 * @param label the Vietnamese label, or the one label of a file configured without an English one; "" for none
 * @param labelEn the English label; the same as {@code label} when none was configured
 */
public record TermLabel(String label, String labelEn) {

    /** The bundled demo's illustrative previous term, in both languages. */
    public static final TermLabel BUNDLED = new TermLabel("2016 (minh họa)", "2016 (illustrative)");

    public TermLabel {
        label = label == null ? "" : label;
        // A year such as "2021" reads the same in both languages: one label is enough, and it is never dropped in English.
        labelEn = labelEn == null || labelEn.isBlank() ? label : labelEn;
    }

    /** One label for both languages. */
    public static TermLabel of(String label) {
        return new TermLabel(label, null);
    }
}
