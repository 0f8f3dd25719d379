package vn.election.field.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Decides every polling area's day for a seed: final turnout near 99.6% with most areas at 100%, a
 * pace per region, mobile boxes or poll-book devices, early openers and areas that voted days early,
 * list changes, and, when asked, the faults and anomalies to inject, each with its label.
 */
final class DayPlanner {

    private static final double DAY = 24 * 60;

    private final SimulationConfig config;
    private final SplittableRandom random;
    private final List<StationPlan> stations = new ArrayList<>();
    private final List<InjectedLabel> labels = new ArrayList<>();

    DayPlanner(SimulationConfig config) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
    }

    List<StationPlan> stations() {
        return stations;
    }

    List<InjectedLabel> labels() {
        return labels;
    }

    DayPlanner plan() {
        Registry registry = config.registry();
        List<Unit> leaves = new ArrayList<>();
        for (Unit u : registry.units()) {
            if (registry.isLeaf(u.id())) {
                leaves.add(u);
            }
        }
        leaves.sort(Comparator.comparing(Unit::id));   // deterministic for a seed, whatever the map order
        Map<String, Double> regionPace = new HashMap<>();
        List<String> regions = new ArrayList<>();
        for (Unit leaf : leaves) {
            String region = region(registry, leaf);
            if (!regionPace.containsKey(region)) {
                regionPace.put(region, 0.8 + 0.4 * random.nextDouble());
                regions.add(region);
            }
        }
        String lagging = config.anomalies() && regions.size() > 2 ? regions.get(random.nextInt(regions.size())) : null;
        if (lagging != null) {
            regionPace.put(lagging, 0.45);
            Unit province = registry.unit(lagging);
            labels.add(label(InjectedKind.LAGGING_PROVINCE, province, 0, Double.NaN, "pace 0.45 of normal all day"));
        }
        for (Unit leaf : leaves) {
            stations.add(station(leaf, region(registry, leaf), regionPace.get(region(registry, leaf))));
        }
        if (config.anomalies()) {
            injectAnomalies();
        }
        if (config.faults()) {
            injectFaults();
        }
        return this;
    }

    private static String region(Registry registry, Unit leaf) {
        List<Unit> path = registry.path(leaf.id());
        return path.size() > 1 ? path.get(1).id() : leaf.id();
    }

    private StationPlan station(Unit leaf, String region, double pace) {
        StationPlan p = new StationPlan(leaf.id(), region, leaf.registered());
        p.pace = pace;
        double roll = random.nextDouble();
        if (roll < 0.002) {
            p.dayShift = -2 * DAY;   // a remote area that voted two days early
            labels.add(label(InjectedKind.VOTED_DAYS_EARLY, leaf, p.dayShift, p.dayShift + config.closeMinute(), ""));
        }
        p.openMinute = p.dayShift;
        if (roll >= 0.002 && roll < 0.012) {
            p.openMinute = -120;     // the team opened at 05:00
            labels.add(label(InjectedKind.EARLY_OPENING, leaf, -120, 0, ""));
        }
        p.closeMinute = p.dayShift + config.closeMinute();
        if (random.nextDouble() < 0.02) {
            p.listChangeMinute = 60 + random.nextInt(540);
            p.listAfter = Math.max(1, leaf.registered() + random.nextInt(21) - 5);
            labels.add(label(InjectedKind.LIST_CHANGE, leaf, p.listChangeMinute, Double.NaN,
                    leaf.registered() + " -> " + p.listAfter));
        }
        // Most areas reach 100%; the rest end between 97% and 99.9%, for a national figure near 99.6%.
        double turnout = random.nextDouble() < 0.85 ? 1.0 : 0.97 + 0.029 * random.nextDouble();
        long voters = (long) Math.floor(p.finalList() * turnout);
        int cadence = 15 + random.nextInt(46);
        if (config.mode() == ReportingMode.CHECKINS) {
            int devices = p.finalList() > 800 ? 2 : 1;
            long first = devices == 1 ? voters : voters / 2;
            p.sources.add(new StationPlan.Source("device-1", first, 0));
            if (devices == 2) {
                p.sources.add(new StationPlan.Source("device-2", voters - first, 0));
            }
        } else if (random.nextDouble() < 0.15) {
            long mobile = Math.max(1, Math.round(voters * (0.01 + 0.03 * random.nextDouble())));
            p.sources.add(new StationPlan.Source("main", voters - mobile, cadence));
            p.sources.add(new StationPlan.Source("mobile", mobile, 60 + random.nextInt(61)));
        } else {
            p.sources.add(new StationPlan.Source("main", voters, cadence));
        }
        return p;
    }

    /** Stations fit to carry an injection: on election day, one source, nothing else injected. */
    private List<StationPlan> candidates() {
        return stations.stream().filter(s -> s.dayShift == 0 && s.openMinute == 0 && s.sources.size() == 1
                && s.anomaly == null && s.listAfter < 0 && Double.isNaN(s.silentFrom) && Double.isNaN(s.burstFrom)
                && Double.isNaN(s.correctionMinute) && s.pace > 0.5).toList();
    }

    private StationPlan pick() {
        List<StationPlan> c = candidates();
        return c.isEmpty() ? null : c.get(random.nextInt(c.size()));
    }

    private int perKind() {
        return Math.max(1, (int) Math.round(stations.size() * 0.004));
    }

    private void injectAnomalies() {
        List<InjectedKind> kinds = config.mode() == ReportingMode.CHECKPOINTS
                ? List.of(InjectedKind.OVER_100_PERCENT, InjectedKind.COUNTER_DECREASE, InjectedKind.SURGE,
                InjectedKind.SILENT_STATION, InjectedKind.JUMP_TO_100_BEFORE_CHECKPOINT)
                : List.of(InjectedKind.SILENT_STATION);
        for (InjectedKind kind : kinds) {
            for (int i = 0; i < perKind(); i++) {
                StationPlan s = pick();
                if (s != null) {
                    inject(kind, s);
                }
            }
        }
    }

    private void inject(InjectedKind kind, StationPlan s) {
        StationPlan.Source main = s.sources.get(0);
        Unit unit = config.registry().unit(s.id);
        switch (kind) {
            case OVER_100_PERCENT -> {
                long over = 3 + random.nextInt(28);
                replaceMain(s, s.registered + over);
                double crossing = s.openMinute + TurnoutCurve.hoursFor((double) s.registered / (s.registered + over))
                        * 60 / s.pace;
                s.anomaly = new StationPlan.Anomaly(kind, Math.min(crossing, s.closeMinute), s.closeMinute, over);
                labels.add(label(kind, unit, s.anomaly.startMinute(), Double.NaN, "ends at " + (s.registered + over)
                        + " of " + s.registered));
            }
            case COUNTER_DECREASE -> {
                double start = 120 + random.nextInt(361);
                long normal = (long) Math.floor(main.finalVoters() * TurnoutCurve.share((start - s.openMinute) / 60 * s.pace));
                long drop = Math.max(10, Math.round(normal * (0.15 + 0.15 * random.nextDouble())));
                s.anomaly = new StationPlan.Anomaly(kind, start, s.closeMinute, drop);
                labels.add(label(kind, unit, start, Double.NaN, "drops by " + drop));
            }
            case SURGE -> {
                replaceMain(s, s.registered);
                double start = 60 + random.nextInt(121);
                long jump = Math.round(s.registered * 0.3);
                s.anomaly = new StationPlan.Anomaly(kind, start, start, jump);
                labels.add(label(kind, unit, start - 10, start, "+" + jump + " voters in 10 minutes"));
            }
            case SILENT_STATION -> {
                double start = 120 + random.nextInt(301);
                s.silentFrom = start;
                s.silentUntil = start + 120 + random.nextInt(61);
                s.anomaly = new StationPlan.Anomaly(kind, start, s.silentUntil, 0);
                labels.add(label(kind, unit, start, s.silentUntil, "no reading observed"));
            }
            case JUMP_TO_100_BEFORE_CHECKPOINT -> {
                replaceMain(s, s.registered);
                int hour = new int[] {11, 13, 15}[random.nextInt(3)];
                double start = (hour - 7) * 60 - 7;
                s.anomaly = new StationPlan.Anomaly(kind, start, start, 0);
                labels.add(label(kind, unit, start, Double.NaN, "100% at " + hour + ":00 minus 7 minutes"));
            }
            default -> throw new IllegalArgumentException(kind + " is not a station anomaly");
        }
    }

    private static void replaceMain(StationPlan s, long finalVoters) {
        StationPlan.Source main = s.sources.get(0);
        s.sources.set(0, new StationPlan.Source(main.name(), finalVoters, main.cadenceMinutes()));
    }

    private void injectFaults() {
        int share = Math.max(1, (int) Math.round(stations.size() * 0.02));
        for (int i = 0; i < share; i++) {
            StationPlan s = stations.get(random.nextInt(stations.size()));
            if (!s.duplicates) {
                s.duplicates = true;
                labels.add(label(InjectedKind.DUPLICATE, config.registry().unit(s.id), s.openMinute, s.closeMinute,
                        "every reading delivered twice"));
            }
            StationPlan d = stations.get(random.nextInt(stations.size()));
            if (!d.delayed) {
                d.delayed = true;
                labels.add(label(InjectedKind.DELAYED, config.registry().unit(d.id), d.openMinute, d.closeMinute,
                        "readings delivered 5-40 minutes late, out of order"));
            }
        }
        for (int i = 0; i < perKind(); i++) {
            StationPlan s = pick();
            if (s != null) {
                // Observed on time but delivered together: a lost connection, not a silent area.
                s.burstFrom = 150 + random.nextInt(300);
                s.burstUntil = s.burstFrom + 90;
                labels.add(label(InjectedKind.SILENT_THEN_BURST, config.registry().unit(s.id), s.burstFrom,
                        s.burstUntil, "delivered at once at the end"));
            }
            if (config.mode() == ReportingMode.CHECKPOINTS) {
                StationPlan c = pick();
                if (c != null) {
                    c.correctionMinute = 200 + random.nextInt(301);
                    labels.add(label(InjectedKind.DOWNWARD_CORRECTION, config.registry().unit(c.id), c.correctionMinute,
                            Double.NaN, "count 8% too high, corrected by the next reading"));
                }
            }
        }
    }

    private InjectedLabel label(InjectedKind kind, Unit unit, double from, double until, String detail) {
        return new InjectedLabel(kind, unit.id(), unit.level(), config.pollsOpen().plusSeconds(Math.round(from * 60)),
                Double.isNaN(until) ? null : config.pollsOpen().plusSeconds(Math.round(until * 60)), detail);
    }
}
