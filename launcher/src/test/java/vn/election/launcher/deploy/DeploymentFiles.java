package vn.election.launcher.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the deployment files under docker/ for the consistency tests: in, paths; out, the .env map and YAML documents as plain maps. */
final class DeploymentFiles {

    /** The repository's docker/ folder (tests run with the launcher module as working directory). */
    static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)}");
    private static final Pattern PINNED = Pattern.compile("[a-z0-9.\\-/_]+:[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    private DeploymentFiles() {
    }

    /** docker/.env as a map (the one place for pinned tags). */
    static Map<String, String> dotEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : lines(DOCKER.resolve(".env"))) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            env.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return env;
    }

    /** Every YAML document of a file, as maps (anchors and merge keys resolved). */
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
            if (doc != null) {
                docs.add(map(doc));
            }
        }
        return docs;
    }

    /** The names of the ${VAR} references in a text. */
    static List<String> variables(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Replaces ${VAR} (and ${VAR:?message} forms) with the value in {@code env}; unknown ones stay. */
    static String substitute(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** True when an image reference names a repository and an explicit tag other than latest. */
    static boolean pinned(String image) {
        return image != null && PINNED.matcher(image).matches() && !image.endsWith(":latest");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        return read(file).lines().toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
