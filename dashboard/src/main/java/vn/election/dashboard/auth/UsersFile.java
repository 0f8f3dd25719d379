package vn.election.dashboard.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import vn.election.model.json.Json;

/**
 * Reads and appends the dashboard's users file: UTF-8, one user per line, either JSON lines
 * ({@code {"name","password_hash","unit","role"}}) or CSV with the header {@code name,password_hash,unit[,role]};
 * blank lines and lines starting with {@code #} are skipped; a broken line is refused with its number.
 */
public final class UsersFile {

    public static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._@-]{1,64}");
    private static final int MAX_ROLE = 80;
    private static final String CSV_HEADER = "name,password_hash,unit,role";

    private UsersFile() {
    }

    /** Every user of the file; fails with the file and line of the first problem. */
    public static List<DashboardUser> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("users file " + file + ": cannot read it: " + e.getMessage(), e);
        }
        return parse(text, "users file " + file);
    }

    /** Parses the text of a users file; {@code source} starts every error message. */
    public static List<DashboardUser> parse(String text, String source) {
        String[] lines = text.startsWith("\uFEFF") ? text.substring(1).split("\\R", -1) : text.split("\\R", -1);
        List<DashboardUser> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Boolean json = null;
        List<String> header = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (json == null) {
                json = line.startsWith("{");
                if (!json) {
                    header = csvFields(line, source, lineNo).stream().map(String::strip).toList();
                    if (header.size() < 3 || !header.subList(0, 3).equals(List.of("name", "password_hash", "unit"))
                            || header.size() > 4 || header.size() == 4 && !header.get(3).equals("role")) {
                        throw bad(source, lineNo, "expected JSON lines or the CSV header '" + CSV_HEADER + "' (role optional)");
                    }
                    continue;
                }
            }
            DashboardUser u = json ? fromJson(line, source, lineNo) : fromCsv(line, header, source, lineNo);
            if (!names.add(u.name())) {
                throw bad(source, lineNo, "user '" + u.name() + "' appears twice");
            }
            users.add(u);
        }
        return List.copyOf(users);
    }

    /**
     * Adds a user to the file (created, readable by its owner only, as JSON lines when missing), in the
     * file's own format; refuses a name the file already has.
     */
    public static void append(Path file, DashboardUser user) {
        check(user, "new user", 0);
        try {
            boolean exists = Files.exists(file);
            String text = exists ? Files.readString(file, StandardCharsets.UTF_8) : "";
            List<DashboardUser> present = parse(text, "users file " + file);
            if (present.stream().anyMatch(u -> u.name().equals(user.name()))) {
                throw new IllegalArgumentException("users file " + file + " already has a user '" + user.name()
                        + "'; remove its line first to change it");
            }
            boolean csv = present.isEmpty() ? isCsvHeaderOnly(text) : !firstDataLine(text).startsWith("{");
            String line = csv ? toCsv(user) : toJson(user);
            String joined = text.isEmpty() || text.endsWith("\n") ? text + line + "\n" : text + "\n" + line + "\n";
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".users", ".tmp");
            try {
                restrict(tmp);
                Files.writeString(tmp, joined, StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("users file " + file + ": cannot write it: " + e.getMessage(), e);
        }
    }

    static String toJson(DashboardUser u) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", u.name());
        o.put("password_hash", u.passwordHash());
        o.put("unit", u.unit());
        if (u.role() != null) {
            o.put("role", u.role());
        }
        return o.toString();
    }

    private static String toCsv(DashboardUser u) {
        return CSVFormat.DEFAULT.format(u.name(), u.passwordHash(), u.unit(), u.role() == null ? "" : u.role());
    }

    private static DashboardUser fromJson(String line, String source, int lineNo) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw bad(source, lineNo, "not a JSON object (" + e.getOriginalMessage() + ")");
        }
        if (n == null || !n.isObject()) {
            throw bad(source, lineNo, "not a JSON object");
        }
        return check(new DashboardUser(text(n, "name"), text(n, "password_hash"), text(n, "unit"), text(n, "role"), lineNo),
                source, lineNo);
    }

    private static DashboardUser fromCsv(String line, List<String> header, String source, int lineNo) {
        List<String> f = csvFields(line, source, lineNo);
        if (f.size() != header.size() && !(f.size() == 3 && header.size() == 4)) {
            throw bad(source, lineNo, "expected " + header.size() + " fields (" + String.join(",", header) + "), got " + f.size());
        }
        String role = f.size() > 3 && !f.get(3).isBlank() ? f.get(3).strip() : null;
        return check(new DashboardUser(f.get(0).strip(), f.get(1).strip(), f.get(2).strip(), role, lineNo), source, lineNo);
    }

    private static DashboardUser check(DashboardUser u, String source, int lineNo) {
        if (u.name() == null || !NAME.matcher(u.name()).matches()) {
            throw bad(source, lineNo, "name must be 1..64 letters, digits, '.', '_', '-' or '@', got '" + shown(u.name()) + "'");
        }
        if (!PasswordHasher.looksLikeHash(u.passwordHash())) {
            // Never echo the value: it could be a password typed in by mistake.
            throw bad(source, lineNo, "password_hash of '" + u.name() + "' is not a bcrypt hash ($2a$/$2b$/$2y$, cost 04..31); "
                    + "create users with 'election-day user add'");
        }
        if (u.unit() == null || u.unit().isBlank()) {
            throw bad(source, lineNo, "unit of '" + u.name() + "' is missing (the unit whose subtree the user may see)");
        }
        if (u.role() != null && (u.role().length() > MAX_ROLE || u.role().chars().anyMatch(Character::isISOControl))) {
            throw bad(source, lineNo, "role of '" + u.name() + "' must be at most " + MAX_ROLE + " printable characters");
        }
        return u;
    }

    private static List<String> csvFields(String line, String source, int lineNo) {
        try (CSVParser p = CSVParser.parse(line, CSVFormat.DEFAULT)) {
            List<CSVRecord> records = p.getRecords();
            if (records.size() != 1) {
                throw bad(source, lineNo, "expected one CSV record on the line");
            }
            return records.get(0).toList();
        } catch (IOException | UncheckedIOException e) {
            throw bad(source, lineNo, "not valid CSV (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.textValue().strip() : v.toString();
    }

    private static String firstDataLine(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst().orElse("");
    }

    private static boolean isCsvHeaderOnly(String text) {
        return firstDataLine(text).startsWith("name,");
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the directory's own permissions have to do.
        }
    }

    private static String shown(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static IllegalArgumentException bad(String source, int lineNo, String problem) {
        return new IllegalArgumentException(source + (lineNo > 0 ? " line " + lineNo : "") + ": " + problem);
    }
}
