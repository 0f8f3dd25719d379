package vn.election.bench;

/** Prints a progress line (done of total, rate) at most every few seconds during a long phase. */
final class Progress {

    private final long intervalNanos;
    private long phaseStart = System.nanoTime();
    private long last = phaseStart;
    private String phase = "";

    Progress(double intervalSeconds) {
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    /** Starts timing a new phase. */
    void start(String name) {
        phase = name;
        phaseStart = System.nanoTime();
        last = phaseStart;
    }

    /** Prints {@code text} (built only when due) at most every interval: for phases without a fixed total. */
    void line(java.util.function.Supplier<String> text) {
        long now = System.nanoTime();
        if (now - last < intervalNanos) {
            return;
        }
        last = now;
        System.out.printf("  %s: %.0f s, %s%n", phase, (now - phaseStart) / 1e9, text.get());
    }

    void tick(String what, long done, long total) {
        long now = System.nanoTime();
        if (now - last < intervalNanos) {
            return;
        }
        if (!what.equals(phase)) {
            start(what);
            return;
        }
        last = now;
        double s = (now - phaseStart) / 1e9;
        System.out.printf("  %s: %,d of %,d (%.1f%%), %.0f s, %,.0f/s%n", what, done, total,
                100.0 * done / Math.max(1, total), s, done / Math.max(s, 1e-9));
    }
}
