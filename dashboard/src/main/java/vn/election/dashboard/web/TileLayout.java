package vn.election.dashboard.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import vn.election.model.registry.Registry;

/** A tile map of the root's children for the wall screen: a bundled country-shaped layout, else a plain grid. */
public final class TileLayout {

    /** Bundled layouts (resources {@code /layouts/<name>.csv}, header {@code name,row,col}, 0-based). */
    private static final List<String> BUNDLED = List.of("vietnam-2021", "vietnam-2026");
    private static final Pattern DASHES_AND_SPACES = Pattern.compile("[\\s\\-\u2010-\u2015]+");
    private static final Pattern PREFIX = Pattern.compile("^(tỉnh |thành phố |tp\\. ?|tp )");
    /** Layout name to (normalized name to {row, col}); after the patterns, which loading uses. */
    private static final Map<String, Map<String, int[]>> CELLS_BY_LAYOUT = loadAll();

    private final String name;
    private final int rows;
    private final int cols;
    private final Map<String, int[]> positions;

    private TileLayout(String name, int rows, int cols, Map<String, int[]> positions) {
        this.name = name;
        this.rows = rows;
        this.cols = cols;
        this.positions = Collections.unmodifiableMap(positions);
    }

    /**
     * The layout for the root's children: the bundled layout that holds every child by name (the one
     * with fewest unused tiles if several do), cropped to the cells used; else a grid in registry order.
     */
    public static TileLayout forChildrenOf(Registry registry) {
        List<String> ids = registry.children(registry.root());
        List<String> keys = ids.stream().map(id -> normalize(registry.unit(id).name())).toList();
        String best = null;
        if (!ids.isEmpty() && new HashSet<>(keys).size() == keys.size()) {
            for (String layout : BUNDLED) {
                Map<String, int[]> cells = CELLS_BY_LAYOUT.get(layout);
                if (cells.keySet().containsAll(keys)
                        && (best == null || cells.size() < CELLS_BY_LAYOUT.get(best).size())) {
                    best = layout;
                }
            }
        }
        return best == null ? grid(ids) : cropped(best, ids, keys);
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Unit id to {row, col} (0-based), one entry per child of the root, in registry order. */
    public Map<String, int[]> positions() {
        return positions;
    }

    private static TileLayout cropped(String layout, List<String> ids, List<String> keys) {
        Map<String, int[]> cells = CELLS_BY_LAYOUT.get(layout);
        int minRow = Integer.MAX_VALUE, minCol = Integer.MAX_VALUE, maxRow = 0, maxCol = 0;
        for (String key : keys) {
            int[] cell = cells.get(key);
            minRow = Math.min(minRow, cell[0]);
            minCol = Math.min(minCol, cell[1]);
            maxRow = Math.max(maxRow, cell[0]);
            maxCol = Math.max(maxCol, cell[1]);
        }
        Map<String, int[]> positions = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            int[] cell = cells.get(keys.get(i));
            positions.put(ids.get(i), new int[] {cell[0] - minRow, cell[1] - minCol});
        }
        return new TileLayout(layout, maxRow - minRow + 1, maxCol - minCol + 1, positions);
    }

    /** A plain grid of the unit's children in registry order: the tiles of a provincial login's screen. */
    public static TileLayout gridOfChildren(Registry registry, String unitId) {
        return grid(registry.children(unitId));
    }

    private static TileLayout grid(List<String> ids) {
        int n = ids.size();
        int cols = Math.max(1, (int) Math.ceil(Math.sqrt(n * 16 / 9.0)));
        Map<String, int[]> positions = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            positions.put(ids.get(i), new int[] {i / cols, i % cols});
        }
        return new TileLayout("grid", (n + cols - 1) / cols, cols, positions);
    }

    /** NFC, trimmed, lower case, dashes and spaces alike, without a leading "Tỉnh ", "Thành phố " or "TP. ". */
    static String normalize(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        s = DASHES_AND_SPACES.matcher(s).replaceAll(" ").trim();
        return PREFIX.matcher(s).replaceFirst("");
    }

    private static Map<String, Map<String, int[]>> loadAll() {
        Map<String, Map<String, int[]>> all = new LinkedHashMap<>();
        for (String layout : BUNDLED) {
            all.put(layout, load("/layouts/" + layout + ".csv"));
        }
        return all;
    }

    /** Normalized name to {row, col}; a broken bundled file is a bug, so it fails loudly. */
    private static Map<String, int[]> load(String resource) {
        InputStream in = TileLayout.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("tile layout " + resource + " is missing from the jar");
        }
        Map<String, int[]> cells = new LinkedHashMap<>();
        Set<Long> taken = new HashSet<>();
        int lineNo = 1;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()))) {
            String header = reader.readLine();
            if (header == null || !header.replace("\uFEFF", "").trim().equals("name,row,col")) {
                throw bad(resource, 1, "header is not name,row,col");
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 3 || f[0].isBlank()) {
                    throw bad(resource, lineNo, "expected name,row,col");
                }
                int row;
                int col;
                try {
                    row = Integer.parseInt(f[1].trim());
                    col = Integer.parseInt(f[2].trim());
                } catch (NumberFormatException e) {
                    throw bad(resource, lineNo, "row and col must be whole numbers");
                }
                if (row < 0 || col < 0) {
                    throw bad(resource, lineNo, "row and col must not be negative");
                }
                if (!taken.add(((long) row << 32) | col)) {
                    throw bad(resource, lineNo, "cell " + row + "," + col + " already holds a tile");
                }
                if (cells.putIfAbsent(normalize(f[0]), new int[] {row, col}) != null) {
                    throw bad(resource, lineNo, "name " + f[0].trim() + " appears twice");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("tile layout " + resource + " unreadable after line " + lineNo + ": " + e, e);
        }
        return Collections.unmodifiableMap(cells);
    }

    private static IllegalStateException bad(String resource, int line, String problem) {
        return new IllegalStateException("tile layout " + resource + " line " + line + ": " + problem);
    }
}
