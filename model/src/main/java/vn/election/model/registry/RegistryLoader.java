package vn.election.model.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a registry CSV file (docs/contract.md: {@code unit_id,parent_id,level,name,registered}) into a
 * {@link Registry}, refusing a broken file with a message that names the line and the problem.
 */
public final class RegistryLoader {

    static final List<String> COLUMNS = List.of("unit_id", "parent_id", "level", "name", "registered");
    private static final String BUNDLED_DEMO = "/registry/demo.csv";

    private RegistryLoader() {
    }

    /** Loads and checks a registry file. */
    public static Registry load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new RegistryException(file + ": no such file");
        } catch (IOException e) {
            throw new RegistryException(file + ": cannot read: " + e.getMessage(), e);
        } catch (RegistryException e) {
            throw e.getMessage().startsWith(file.toString()) ? e : new RegistryException(file + ": " + e.getMessage(), e);
        }
    }

    /** The small demo registry bundled in this jar, used by the default run. */
    public static Registry bundledDemo() {
        InputStream in = RegistryLoader.class.getResourceAsStream(BUNDLED_DEMO);
        if (in == null) {
            throw new IllegalStateException("bundled demo registry " + BUNDLED_DEMO + " is missing from the jar");
        }
        try (in) {
            return load(in, "bundled demo registry");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads from a stream; {@code what} names it in messages. Strict UTF-8: bad bytes are an error. */
    public static Registry load(InputStream in, String what) {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        List<Unit> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            checkHeader(parser.getHeaderNames());
            for (CSVRecord rec : parser) {
                rows.add(row(rec));
            }
        } catch (CharacterCodingException e) {
            throw new RegistryException("not valid UTF-8 text");
        } catch (IOException | UncheckedIOException e) {
            throw new RegistryException("malformed CSV: " + rootMessage(e), e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new RegistryException("malformed CSV: " + rootMessage(e), e);
        }
        return assemble(rows);
    }

    private static void checkHeader(List<String> header) {
        String bom = "\uFEFF";
        List<String> names = header.stream().map(h -> h.startsWith(bom) ? h.substring(1) : h).toList();
        if (!names.containsAll(COLUMNS)) {
            List<String> missing = COLUMNS.stream().filter(c -> !names.contains(c)).toList();
            throw RegistryException.atLine(1, "header lacks column(s) " + missing + "; expected " + String.join(",", COLUMNS));
        }
    }

    private static Unit row(CSVRecord rec) {
        int line = (int) rec.getRecordNumber() + 1;
        if (!rec.isConsistent()) {
            throw RegistryException.atLine(line, "has " + rec.size() + " fields, expected " + COLUMNS.size());
        }
        String id = rec.get("unit_id");
        String parent = rec.get("parent_id");
        String level = rec.get("level");
        String name = rec.get("name");
        String registered = rec.get("registered");
        if (id.isEmpty()) {
            throw RegistryException.atLine(line, "unit_id is empty");
        }
        if (level.isEmpty()) {
            throw RegistryException.atLine(line, "level is empty for unit " + id);
        }
        long voters = 0;
        if (!registered.isEmpty()) {
            if (!Registry.LEAF_LEVEL.equals(level)) {
                throw RegistryException.atLine(line, "unit " + id + " of level " + level
                        + " carries registered=" + registered + "; only " + Registry.LEAF_LEVEL + " units do");
            }
            try {
                voters = Long.parseLong(registered);
            } catch (NumberFormatException e) {
                throw RegistryException.atLine(line, "registered '" + registered + "' of " + id + " is not a whole number");
            }
            if (voters < 0) {
                throw RegistryException.atLine(line, "registered of " + id + " is negative (" + voters + ")");
            }
        } else if (Registry.LEAF_LEVEL.equals(level)) {
            throw RegistryException.atLine(line, "polling area " + id + " has no registered (voters on the list)");
        }
        return new Unit(id, parent.isEmpty() ? null : parent, level, -1, name.isEmpty() ? id : name, voters, line);
    }

    private static Registry assemble(List<Unit> rows) {
        Map<String, Unit> byId = new LinkedHashMap<>(rows.size() * 2);
        Unit root = null;
        for (Unit u : rows) {
            Unit previous = byId.putIfAbsent(u.id(), u);
            if (previous != null) {
                throw RegistryException.atLine(u.line(), "duplicate unit_id " + u.id() + " (first on line " + previous.line() + ")");
            }
            if (u.isRoot()) {
                if (root != null) {
                    throw RegistryException.atLine(u.line(), "second root " + u.id() + " (empty parent_id); the root is "
                            + root.id() + " on line " + root.line());
                }
                root = u;
            }
        }
        if (root == null) {
            throw new RegistryException(rows.isEmpty() ? "no units" : "no root: exactly one unit must have an empty parent_id");
        }
        Map<String, List<String>> children = new HashMap<>();
        for (Unit u : rows) {
            if (!u.isRoot()) {
                if (!byId.containsKey(u.parentId())) {
                    throw RegistryException.atLine(u.line(), "unit " + u.id() + " names unknown parent " + u.parentId());
                }
                if (u.parentId().equals(u.id())) {
                    throw RegistryException.atLine(u.line(), "unit " + u.id() + " is its own parent");
                }
                children.computeIfAbsent(u.parentId(), k -> new ArrayList<>()).add(u.id());
            }
        }
        // Walk down from the root: depth per unit, one level name per depth.
        Map<String, Unit> placed = new HashMap<>(rows.size() * 2);
        List<String> levels = new ArrayList<>();
        List<Unit> frontier = List.of(root);
        for (int depth = 0; !frontier.isEmpty(); depth++) {
            List<Unit> next = new ArrayList<>();
            for (Unit u : frontier) {
                if (levels.size() == depth) {
                    if (levels.contains(u.level())) {
                        throw RegistryException.atLine(u.line(), "level " + u.level() + " of " + u.id()
                                + " already used at depth " + levels.indexOf(u.level()));
                    }
                    levels.add(u.level());
                } else if (!levels.get(depth).equals(u.level())) {
                    throw RegistryException.atLine(u.line(), "unit " + u.id() + " is at depth " + depth + " (level "
                            + levels.get(depth) + ") but says level " + u.level());
                }
                placed.put(u.id(), new Unit(u.id(), u.parentId(), u.level(), depth, u.name(), u.registered(), u.line()));
                for (String child : children.getOrDefault(u.id(), List.of())) {
                    next.add(byId.get(child));
                }
            }
            frontier = next;
        }
        if (placed.size() != byId.size()) {
            Unit stray = rows.stream().filter(u -> !placed.containsKey(u.id())).findFirst().orElseThrow();
            throw RegistryException.atLine(stray.line(), "unit " + stray.id() + " is in a cycle of parents, not below the root "
                    + root.id());
        }
        String leafLevel = levels.get(levels.size() - 1);
        for (Unit u : rows) {
            Unit p = placed.get(u.id());
            boolean leaf = !children.containsKey(u.id());
            if (leaf && !Registry.LEAF_LEVEL.equals(u.level())) {
                throw RegistryException.atLine(u.line(), "unit " + u.id() + " has no children but is level " + u.level()
                        + "; every leaf must be " + Registry.LEAF_LEVEL);
            }
            if (!leaf && Registry.LEAF_LEVEL.equals(u.level())) {
                throw RegistryException.atLine(u.line(), "polling area " + u.id() + " has children; polling areas are leaves");
            }
            if (leaf && p.depth() != levels.size() - 1) {
                throw RegistryException.atLine(u.line(), "polling area " + u.id() + " at depth " + p.depth()
                        + " while others are at depth " + (levels.size() - 1));
            }
        }
        if (!Registry.LEAF_LEVEL.equals(leafLevel)) {
            throw new RegistryException("the deepest level is " + leafLevel + "; it must be " + Registry.LEAF_LEVEL);
        }
        Map<String, List<String>> frozen = new HashMap<>(children.size() * 2);
        children.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Registry(levels, placed, frozen, root.id());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
