package vn.election.field.registry;

import java.io.IOException;
import java.io.Writer;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import vn.election.field.registry.Shape.Province;
import vn.election.field.registry.Shape.Tier;

/**
 * Writes a national-scale registry CSV (docs/contract.md "Registry file") for a {@link Shape} and a seed:
 * the same shape and seed give the same bytes. Counts and voters are shared among provinces in
 * proportion to their populations (largest remainder, so the totals are exact), then spread within
 * each province with random sizes; rows stream out parent first, one province at a time.
 */
public final class RegistryGenerator {

    /** docs/contract.md's columns, in order. */
    public static final List<String> COLUMNS = List.of("unit_id", "parent_id", "level", "name", "registered");
    public static final String ROOT_LEVEL = "nation";
    public static final String PROVINCE_LEVEL = "province";
    public static final String LEAF_LEVEL = "polling_area";

    /** Spread of the number of children per unit (log-normal sigma): some districts have 5 communes, some 40. */
    private static final double CHILDREN_SIGMA = 0.5;
    /** Spread of list sizes from one polling area to the next, and from one commune to the next. */
    private static final double LIST_SIGMA = 0.3;
    private static final double COMMUNE_LIST_SIGMA = 0.2;
    private static final int POLLING_AREA_CODE_WIDTH = 3;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    /** What was written: units per level from the root down, and the voters on all lists. */
    public record Summary(Map<String, Long> unitsPerLevel, long voters) {
    }

    private RegistryGenerator() {
    }

    /** Writes the registry to {@code out} (flushed, not closed). */
    public static Summary generate(Shape shape, long seed, Writer out) throws IOException {
        return new Run(shape, seed, out).write();
    }

    /** One generation: the national plan, then one province at a time. */
    private static final class Run {
        private final Shape shape;
        private final SplittableRandom rng;
        private final CSVPrinter csv;
        private final List<Tier> tiers;
        private final long[] nextCode;
        private final long[] written;
        private long voters;

        Run(Shape shape, long seed, Writer out) throws IOException {
            this.shape = shape;
            this.rng = new SplittableRandom(seed);
            this.csv = new CSVPrinter(out, FORMAT);
            this.tiers = shape.tiers();
            this.nextCode = new long[tiers.size()];
            this.written = new long[tiers.size() + 3];
        }

        Summary write() throws IOException {
            List<Province> provinces = shape.provinces();
            int n = provinces.size();
            long[] population = new long[n];
            long totalPopulation = 0;
            for (int p = 0; p < n; p++) {
                population[p] = provinces.get(p).population();
                totalPopulation += population[p];
            }
            // Every count is shared by population with at least one per province, so totals are exact.
            long[][] perProvince = new long[tiers.size() + 1][];
            for (int t = 0; t < tiers.size(); t++) {
                perProvince[t] = Apportion.largestRemainder(tiers.get(t).count(), population, 1);
            }
            perProvince[tiers.size()] = Apportion.largestRemainder(shape.pollingAreas(), population, 1);
            long[] provinceVoters = Apportion.largestRemainder(shape.voters(), population, 0);

            csv.printRecord(COLUMNS);
            row(shape.rootId(), "", ROOT_LEVEL, shape.rootName(), null, 0);
            for (int p = 0; p < n; p++) {
                Province province = provinces.get(p);
                long[] counts = new long[tiers.size() + 1];
                for (int t = 0; t <= tiers.size(); t++) {
                    counts[t] = perProvince[t][p];
                    if (t > 0 && counts[t] < counts[t - 1]) {
                        throw new IllegalArgumentException("shape " + shape.key() + ": province " + province.name() + " gets "
                                + counts[t] + " units of level " + level(t) + " for " + counts[t - 1] + " of level " + level(t - 1));
                    }
                }
                String id = shape.rootId() + "-" + province.code();
                row(id, shape.rootId(), PROVINCE_LEVEL, province.name(), null, 1);
                new ProvincePlan(counts, provinceVoters[p], (double) population[p] / totalPopulation).write(id, province.name());
            }
            csv.flush();
            Map<String, Long> units = new LinkedHashMap<>();
            units.put(ROOT_LEVEL, written[0]);
            units.put(PROVINCE_LEVEL, written[1]);
            for (int t = 0; t < tiers.size(); t++) {
                units.put(tiers.get(t).level(), written[t + 2]);
            }
            units.put(LEAF_LEVEL, written[tiers.size() + 2]);
            return new Summary(Collections.unmodifiableMap(units), voters);
        }

        private String level(int t) {
            return t == tiers.size() ? LEAF_LEVEL : tiers.get(t).level();
        }

        private void row(String id, String parent, String level, String name, Long registered, int depth) throws IOException {
            csv.printRecord(id, parent, level, name, registered == null ? "" : registered.toString());
            written[depth]++;
        }

        /**
         * One province's units below it: how many children each unit has and every polling area's list
         * size are drawn first (small arrays), then the subtree is written depth first.
         */
        private final class ProvincePlan {
            /** childCounts[t][j]: children of the j-th unit of level t - 1 (t = 0: the province itself). */
            private final long[][] childCounts;
            private final long[] listSizes;
            private final double share;
            private final int[] nextChild;

            ProvincePlan(long[] counts, long provinceVoters, double share) {
                this.share = share;
                int levels = counts.length;
                childCounts = new long[levels][];
                childCounts[0] = new long[] {counts[0]};
                for (int t = 1; t < levels; t++) {
                    childCounts[t] = Apportion.largestRemainder(counts[t], logNormals((int) counts[t - 1], CHILDREN_SIGMA), 1);
                }
                // A commune's lists run larger or smaller as a whole, and each list varies around that.
                long[] perCommune = childCounts[levels - 1];
                double[] weights = new double[(int) counts[levels - 1]];
                int k = 0;
                for (long areas : perCommune) {
                    double communeFactor = logNormal(COMMUNE_LIST_SIGMA);
                    for (int a = 0; a < areas; a++) {
                        weights[k++] = communeFactor * logNormal(LIST_SIGMA);
                    }
                }
                listSizes = Apportion.largestRemainder(provinceVoters, weights, 0);
                Apportion.clampKeepingSum(listSizes, shape.minListSize(), shape.maxListSize());
                nextChild = new int[levels];
            }

            void write(String provinceId, String provinceName) throws IOException {
                writeChildren(0, 0, provinceId, provinceName);
            }

            /** Writes the children (at level t) of the j-th unit of level t - 1, each followed by its subtree. */
            private void writeChildren(int t, int j, String parentId, String parentName) throws IOException {
                long children = childCounts[t][j];
                boolean leaves = t == childCounts.length - 1;
                Set<String> taken = leaves ? null : new HashSet<>();
                for (int i = 0; i < children; i++) {
                    int index = nextChild[t]++;
                    if (leaves) {
                        String id = parentId + "-" + pad(i + 1, POLLING_AREA_CODE_WIDTH);
                        long size = listSizes[index];
                        row(id, parentId, LEAF_LEVEL, PlaceNames.pollingArea(rng, parentName, i + 1), size, t + 2);
                        voters += size;
                    } else {
                        Tier tier = tiers.get(t);
                        nextCode[t] += 1 + rng.nextInt(tier.maxCodeStep());
                        String id = parentId + "-" + pad(nextCode[t], tier.codeWidth());
                        String name = tier.namer().name(rng, new PlaceNames.Context(parentName, share, i), taken);
                        row(id, parentId, tier.level(), name, null, t + 2);
                        writeChildren(t + 1, index, id, name);
                    }
                }
            }
        }

        private double[] logNormals(int n, double sigma) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
                out[i] = logNormal(sigma);
            }
            return out;
        }

        /** exp(sigma * Z) with Z standard normal (Box-Muller); StrictMath so every JVM draws the same. */
        private double logNormal(double sigma) {
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double z = StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
            return StrictMath.exp(sigma * z);
        }
    }

    static String pad(long value, int width) {
        String digits = Long.toString(value);
        if (digits.length() >= width) {
            return digits;
        }
        StringBuilder b = new StringBuilder(width);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }
}
