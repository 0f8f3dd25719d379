package vn.election.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The environment docker compose gives one service of docker/compose.yaml: in, the service name and the
 * operator's variables (the secrets given at {@code up}); out, its {@code environment} with each
 * {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?message}} resolved from docker/.env and those.
 */
final class ComposeService {

    /** The repository's docker/ folder (tests run with the module as working directory). */
    static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?}");

    private ComposeService() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> environment(String service, Map<String, String> operator) {
        Map<String, String> variables = new HashMap<>(dotEnv());
        variables.putAll(operator);
        // Only this service's values are resolved: compose would ask for every service's secrets, the test gives its own.
        Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(DOCKER.resolve("compose.yaml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        if (!services.containsKey(service)) {
            throw new IllegalStateException("docker/compose.yaml has no service " + service);
        }
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment"))
                .forEach((k, v) -> env.put(k, substitute(String.valueOf(v), variables)));
        return env;
    }

    /** As compose does it: unset (or empty, with ':') takes the default, ':?' fails with its message. */
    private static String substitute(String text, Map<String, String> variables) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null || value.isEmpty()) {
                if ("?".equals(m.group(2))) {
                    throw new IllegalStateException("compose would refuse to start: " + m.group(1) + ": " + m.group(3));
                }
                value = "-".equals(m.group(2)) ? m.group(3) : "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> dotEnv() {
        Map<String, String> env = new HashMap<>();
        for (String line : read(DOCKER.resolve(".env")).lines().toList()) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return env;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
