package vn.election.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.model.json.Json;

/**
 * {@code election-day report}: prints a unit's report table (turnout, polling areas reporting, units at
 * 100% per level against the previous term) as of now or a checkpoint time, fetched from a running
 * dashboard's {@code GET /api/v1/units/{id}/report}, signing in first when the dashboard needs a login.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a unit's turnout report from a running dashboard: turnout, voted of registered, polling areas "
                + "reporting, units at 100%% per lower level and the previous term's figures, as of now or of --at.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:the dashboard could not be reached or refused the login or the unit (403)",
            "2:bad arguments, an unknown unit or a bad --at"})
final class ReportCommand implements Callable<Integer> {

    static final String PASSWORD_ENV = UserCommand.PASSWORD_ENV;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = "--unit", required = true, paramLabel = "UNIT_ID", description = "The unit, e.g. VN-22.")
    String unit;

    @Option(names = "--at", paramLabel = "TIME",
            description = "A time of day on the election day (17:00, the dashboard's zone) or a date-time "
                    + "(2021-05-23T17:00[+07:00]) (default: now, the latest figures).")
    String at;

    @Option(names = "--dashboard", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The dashboard, as 'election-day run' prints it (default: ${DEFAULT-VALUE}).")
    String dashboard;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--lang", paramLabel = "LANG", defaultValue = "en",
            description = "Labels of the table: en or vi (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Sign in as this dashboard login first (a dashboard with --users needs it); the password from "
                    + "the environment variable " + PASSWORD_ENV + " or the first line of standard input.")
    String user;

    /** Seams for tests: where the password comes from. */
    Map<String, String> env = System.getenv();
    InputStream in = System.in;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("table") && !format.equals("csv") && !format.equals("json")) {
            throw new ParameterException(spec.commandLine(), "--format must be table, csv or json, got '" + format + "'");
        }
        if (!lang.equals("en") && !lang.equals("vi")) {
            throw new ParameterException(spec.commandLine(), "--lang must be en or vi, got '" + lang + "'");
        }
        URI base = base();
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        String cookie = user == null ? null : login(http, base);
        String query = (at == null ? "" : "at=" + encode(at)) + (format.equals("csv") ? (at == null ? "" : "&") + "format=csv" : "");
        URI uri = base.resolve("/api/v1/units/" + encode(unit) + "/report" + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> answer = send(http, request.build(), base);
        if (answer.statusCode() != 200) {
            throw refusal(answer);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "csv" -> out.print(answer.body());
            case "json" -> out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(answer.body())));
            default -> out.print(new ReportTable(lang).render(Json.MAPPER.readTree(answer.body())));
        }
        out.flush();
        return 0;
    }

    private URI base() {
        try {
            URI uri = URI.create(dashboard.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--dashboard must be a URL such as http://127.0.0.1:8080, got '"
                    + dashboard + "'");
        }
    }

    private String login(HttpClient http, URI base) throws IOException {
        String body = Json.MAPPER.createObjectNode().put("name", user).put("password", password()).toString();
        HttpResponse<String> answer = send(http, HttpRequest.newBuilder(base.resolve("/api/v1/login")).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), base);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("signing in as '" + user + "' failed: " + answer.statusCode() + " " + error(answer));
        }
        String cookie = answer.headers().firstValue("Set-Cookie")
                .orElseThrow(() -> new IllegalStateException("the dashboard signed '" + user + "' in without a session cookie"));
        return cookie.split(";", 2)[0];
    }

    private String password() {
        String fromEnv = env.get(PASSWORD_ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv;
        }
        java.io.Console console = in == System.in ? System.console() : null;
        if (console != null) {
            char[] typed = console.readPassword("Password for %s: ", user);
            return typed == null ? "" : new String(typed);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--user " + user + ": no password: set " + PASSWORD_ENV
                        + " or give it on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the password from standard input", e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request, URI base) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new IllegalStateException("cannot reach the dashboard at " + base + " (is 'election-day run' running? "
                    + "give --dashboard URL)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** A 400 or 404 is the caller's argument (exit 2); anything else is the dashboard's refusal or trouble (exit 1). */
    private RuntimeException refusal(HttpResponse<String> answer) {
        String reason = error(answer);
        return switch (answer.statusCode()) {
            case 400, 404 -> new ParameterException(spec.commandLine(), reason);
            case 401 -> new IllegalStateException("the dashboard requires a login: give --user NAME (password from "
                    + PASSWORD_ENV + " or standard input)");
            default -> new IllegalStateException("the dashboard answered " + answer.statusCode() + ": " + reason);
        };
    }

    private static String error(HttpResponse<String> answer) {
        try {
            JsonNode e = Json.MAPPER.readTree(answer.body());
            return e.path("error").asText(answer.body());
        } catch (IOException | RuntimeException e) {
            return answer.body().length() > 200 ? answer.body().substring(0, 200) + "..." : answer.body();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
