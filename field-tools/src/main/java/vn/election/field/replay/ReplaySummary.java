package vn.election.field.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vn.election.field.replay.ReadingFileReader.BadLine;

/**
 * What a replay came to: lines read, readings sent, and what became of them (accepted, refused with
 * the first reasons, failed), the bad lines skipped with the first reasons, time and rate, and why it
 * stopped early if it did.
 *
 * @param target where the readings went, for people ("ingest http://…", "Kafka …")
 * @param checkedByReceiver true when the receiver validated each reading (ingest); false for Kafka,
 *                          where the turnout job validates later and {@code accepted} means written
 * @param lines lines read (blank, bad and header lines included)
 * @param sent readings given to the sink; after a finished replay, accepted + refused + failed
 * @param refusedReasons the first reasons ingest gave (at most 20)
 * @param badLines lines skipped because they are not a valid reading
 * @param badLineReasons the first bad lines with their numbers and reasons (at most 20)
 * @param failed readings not delivered (ingest unavailable beyond the retry limit, or the replay stopped)
 * @param retries requests sent again (ingest busy or unreachable for a while)
 * @param stopCause why the replay stopped before the end of the file, or null when it read it all
 */
public record ReplaySummary(String file, String format, String target, boolean checkedByReceiver, long lines,
                            long sent, long accepted, long refused, List<String> refusedReasons, long badLines,
                            List<BadLine> badLineReasons, long failed, long retries, Duration elapsed,
                            Exception stopCause) {

    public ReplaySummary {
        refusedReasons = List.copyOf(refusedReasons);
        badLineReasons = List.copyOf(badLineReasons);
    }

    /** True when the whole file was read, every line was a reading, and every reading was accepted. */
    public boolean complete() {
        return stopCause == null && badLines == 0 && refused == 0 && failed == 0 && accepted == sent;
    }

    /** Readings sent per second over the whole replay. */
    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : sent / seconds;
    }

    /** What kept the replay from being complete, e.g. "2 bad lines", "3 readings refused"; empty when complete. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (stopCause != null) {
            problems.add("stopped after line " + count(lines));
        }
        if (badLines > 0) {
            problems.add(plural(badLines, "bad line") + " skipped");
        }
        if (refused > 0) {
            problems.add(plural(refused, "reading") + " refused");
        }
        if (failed > 0) {
            problems.add(plural(failed, "reading") + " failed");
        }
        return problems;
    }

    /** The summary as lines of text, for a terminal. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        out.add("Replayed " + file + " (" + format + ") to " + target + " in " + seconds(elapsed) + ", "
                + count(Math.round(ratePerSecond())) + " readings/s");
        out.add(row("lines read", lines, ""));
        out.add(row("readings sent", sent, ""));
        if (checkedByReceiver) {
            out.add(row("accepted", accepted, ""));
            out.add(row("refused", refused, refused > 0 ? "refused by ingest; sending them again will not help" : ""));
            refusedReasons.forEach(r -> out.add("        " + r));
            more(out, refused, refusedReasons.size());
        } else {
            out.add(row("written to Kafka", accepted, "validated later by the turnout job; refusals go to turnout.rejected"));
        }
        out.add(row("bad lines", badLines, badLines > 0 ? "skipped, not sent" : ""));
        badLineReasons.forEach(b -> out.add("        " + b));
        more(out, badLines, badLineReasons.size());
        out.add(row("failed", failed, failed > 0 ? "not delivered; once the cause is fixed, replaying the whole file "
                + "is safe: a reading already taken changes nothing" : ""));
        if (retries > 0) {
            out.add(row("retries", retries, "requests sent again while ingest was busy or unreachable"));
        }
        if (stopCause != null) {
            out.add("Stopped early: " + firstLine(stopCause));
        }
        out.add(complete() ? "Complete: every reading of the file was " + (checkedByReceiver ? "accepted." : "written.")
                : "Incomplete: " + String.join(", ", problems()) + ".");
        return out;
    }

    private static void more(List<String> out, long total, int shown) {
        if (total > shown) {
            out.add("        … and " + count(total - shown) + " more");
        }
    }

    private static String row(String label, long value, String note) {
        return String.format(Locale.ROOT, "  %-17s %,12d%s", label, value, note.isEmpty() ? "" : "   (" + note + ")");
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String plural(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    static String seconds(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        return s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
