package vn.election.dashboard.web;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import vn.election.model.targets.TurnoutTargets;
import vn.election.dashboard.state.Baseline;
import vn.election.dashboard.state.DayCurve;
import vn.election.dashboard.state.PreviousTerm;
import vn.election.dashboard.state.TermLabel;

/**
 * What the wall screen shows besides figures: the zone times are shown in, when a polling area counts
 * as late, the target curve through the day and the previous election's curves.
 *
 * @param zone the registry's local zone (default Asia/Ho_Chi_Minh)
 * @param lateAfter a polling area silent this long (in data time) is listed as late (default 60 min)
 * @param targetCurve the target turnout by time of day
 * @param baseline the previous election's curves (default: the bundled illustrative national curve)
 * @param previousTerm the previous term's shares of units at 100%, for the reports (default: the bundled illustrative ones)
 * @param pollsOpen when polls open, local time (default 07:00): before it no area is late, and an area never heard
 *                  from is late only once it has been open for {@code lateAfter}
 * @param targets units with a turnout target of their own (a targets file; the others have their nearest
 *                ancestor's, or the dashboard's target); none by default
 */
public record ScreenConfig(ZoneId zone, Duration lateAfter, DayCurve targetCurve, Baseline baseline,
                           PreviousTerm previousTerm, LocalTime pollsOpen, TurnoutTargets targets) {

    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    public static final Duration DEFAULT_LATE_AFTER = Duration.ofMinutes(60);
    /** Vietnamese polling stations open at 07:00 (they may open earlier locally; set DASHBOARD_POLLS_OPEN then). */
    public static final LocalTime DEFAULT_POLLS_OPEN = LocalTime.of(7, 0);
    public static final String DEFAULT_TARGET_CURVE = "07:00=0,09:00=35,11:00=60,13:00=76,15:00=88,17:00=96,19:00=99.5";

    /** Environment variable per key, read by {@link #fromEnv(Map)}. */
    public static final Map<String, String> ENV = Map.of(
            "zone", "DASHBOARD_ZONE",
            "lateAfter", "DASHBOARD_LATE_AFTER_MINUTES",
            "targetCurve", "DASHBOARD_TARGET_CURVE",
            "baselineFile", "DASHBOARD_BASELINE_FILE",
            "baselineLabel", "DASHBOARD_BASELINE_LABEL",
            "baselineLabelEn", "DASHBOARD_BASELINE_LABEL_EN",
            "previousTermFile", "DASHBOARD_PREVIOUS_TERM_FILE",
            "previousTermLabel", "DASHBOARD_PREVIOUS_TERM_LABEL",
            "previousTermLabelEn", "DASHBOARD_PREVIOUS_TERM_LABEL_EN",
            "pollsOpen", "DASHBOARD_POLLS_OPEN");

    public ScreenConfig {
        if (zone == null) {
            throw invalid("zone", "an IANA zone such as Asia/Ho_Chi_Minh", null);
        }
        if (lateAfter == null || lateAfter.toMinutes() < 1 || lateAfter.toHours() > 24) {
            throw invalid("lateAfter", "between 1 minute and 24 hours", lateAfter);
        }
        if (targetCurve == null) {
            throw invalid("targetCurve", "points HH:mm=percent", null);
        }
        if (baseline == null) {
            baseline = Baseline.none();
        }
        if (previousTerm == null) {
            previousTerm = PreviousTerm.none();
        }
        if (pollsOpen == null) {
            pollsOpen = DEFAULT_POLLS_OPEN;
        }
        if (targets == null) {
            targets = TurnoutTargets.defaults();
        }
    }

    public ScreenConfig(ZoneId zone, Duration lateAfter, DayCurve targetCurve, Baseline baseline, PreviousTerm previousTerm,
                        LocalTime pollsOpen) {
        this(zone, lateAfter, targetCurve, baseline, previousTerm, pollsOpen, null);
    }

    public ScreenConfig(ZoneId zone, Duration lateAfter, DayCurve targetCurve, Baseline baseline) {
        this(zone, lateAfter, targetCurve, baseline, PreviousTerm.bundled(), DEFAULT_POLLS_OPEN);
    }

    public ScreenConfig(ZoneId zone, Duration lateAfter, DayCurve targetCurve, Baseline baseline, PreviousTerm previousTerm) {
        this(zone, lateAfter, targetCurve, baseline, previousTerm, DEFAULT_POLLS_OPEN);
    }

    public static ScreenConfig defaults() {
        return new ScreenConfig(DEFAULT_ZONE, DEFAULT_LATE_AFTER, DayCurve.parse(DEFAULT_TARGET_CURVE), Baseline.bundled());
    }

    /** Reads the settings from environment variables; a bad one is refused naming the variable. */
    public static ScreenConfig fromEnv(Map<String, String> env) {
        ScreenConfig d = defaults();
        String zone = env.get(ENV.get("zone"));
        String late = env.get(ENV.get("lateAfter"));
        String curve = env.get(ENV.get("targetCurve"));
        String file = env.get(ENV.get("baselineFile"));
        String previous = env.get(ENV.get("previousTermFile"));
        String opens = env.get(ENV.get("pollsOpen"));
        return new ScreenConfig(
                blank(zone) ? d.zone() : zone(zone),
                blank(late) ? d.lateAfter() : Duration.ofMinutes(minutes(late)),
                blank(curve) ? d.targetCurve() : curve(curve),
                blank(file) ? d.baseline() : baseline(Path.of(file.strip()),
                        env.get(ENV.get("baselineLabel")), env.get(ENV.get("baselineLabelEn"))),
                blank(previous) ? d.previousTerm() : previousTerm(Path.of(previous.strip()),
                        env.get(ENV.get("previousTermLabel")), env.get(ENV.get("previousTermLabelEn"))),
                blank(opens) ? d.pollsOpen() : pollsOpen(opens));
    }

    private static LocalTime pollsOpen(String raw) {
        try {
            return LocalTime.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw invalid("pollsOpen", "a local time HH:mm such as 07:00", raw);
        }
    }

    public ScreenConfig withLateAfter(Duration value) {
        return new ScreenConfig(zone, value, targetCurve, baseline, previousTerm, pollsOpen, targets);
    }

    public ScreenConfig withBaseline(Baseline value) {
        return new ScreenConfig(zone, lateAfter, targetCurve, value, previousTerm, pollsOpen, targets);
    }

    public ScreenConfig withPreviousTerm(PreviousTerm value) {
        return new ScreenConfig(zone, lateAfter, targetCurve, baseline, value, pollsOpen, targets);
    }

    public ScreenConfig withPollsOpen(LocalTime value) {
        return new ScreenConfig(zone, lateAfter, targetCurve, baseline, previousTerm, value, targets);
    }

    public ScreenConfig withTargets(TurnoutTargets value) {
        return new ScreenConfig(zone, lateAfter, targetCurve, baseline, previousTerm, pollsOpen, value);
    }

    /** Reads a previous-term file for {@code --previous-term}; the label defaults to the file's name, in both languages. */
    public static PreviousTerm previousTerm(Path file, String label) {
        return previousTerm(file, label, null);
    }

    /** Reads a previous-term file; without an English label the one label is shown in both languages. */
    public static PreviousTerm previousTerm(Path file, String label, String labelEn) {
        try {
            return PreviousTerm.load(file, label(file, label, labelEn));
        } catch (IllegalArgumentException e) {
            throw invalid("previousTermFile", "a CSV file unit_id,level,complete_pct (" + e.getMessage() + ")", file);
        }
    }

    /** Reads a baseline file for {@code --baseline}; the label defaults to the file's name, in both languages. */
    public static Baseline baseline(Path file, String label) {
        return baseline(file, label, null);
    }

    /** Reads a baseline file; without an English label the one label is shown in both languages. */
    public static Baseline baseline(Path file, String label, String labelEn) {
        try {
            return Baseline.load(file, label(file, label, labelEn));
        } catch (IllegalArgumentException e) {
            throw invalid("baselineFile", "a CSV file unit_id,time,turnout_pct (" + e.getMessage() + ")", file);
        }
    }

    /** The configured label, else the file's name; the English one only when configured. */
    private static TermLabel label(Path file, String label, String labelEn) {
        String shown = blank(label) ? file.getFileName().toString().replaceFirst("\\.csv$", "") : label.strip();
        return new TermLabel(shown, blank(labelEn) ? null : labelEn.strip());
    }

    private static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw.strip());
        } catch (DateTimeException e) {
            throw invalid("zone", "an IANA zone such as Asia/Ho_Chi_Minh", raw);
        }
    }

    private static long minutes(String raw) {
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw invalid("lateAfter", "a whole number of minutes", raw);
        }
    }

    private static DayCurve curve(String raw) {
        try {
            return DayCurve.parse(raw);
        } catch (IllegalArgumentException e) {
            throw invalid("targetCurve", "points HH:mm=percent separated by commas (" + e.getMessage() + ")", raw);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static IllegalArgumentException invalid(String key, String expected, Object got) {
        String env = ENV.get(key);
        String name = env == null ? key : key + " (env " + env + ")";
        return new IllegalArgumentException("dashboard config " + name + ": expected " + expected + ", got "
                + (got == null ? "nothing" : "'" + got + "'"));
    }
}
