package vn.election.launcher;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import vn.election.field.feed.HttpReadingSink;
import vn.election.field.feed.HttpSinkConfig;
import vn.election.field.feed.HttpSinkException;
import vn.election.field.feed.KafkaReadingSink;
import vn.election.field.feed.ReadingSink;
import vn.election.field.replay.ReadingFileReader;
import vn.election.field.replay.ReadingFileReader.Format;
import vn.election.field.replay.ReplayFileException;
import vn.election.field.replay.ReplaySummary;
import vn.election.field.replay.Replayer;
import vn.election.ingest.IngestConfig;
import vn.election.model.topic.Topics;

/**
 * {@code election-day replay FILE}: plays a file of readings (JSON lines or CSV) into the ingest API,
 * or straight into Kafka with {@code --kafka}; prints progress and a summary, and exits 0 only when
 * every reading of the file was accepted.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replay a file of readings into the ingest API (in batches), or straight into Kafka with --kafka.",
            "",
            "FILE holds one reading per line: JSON lines (.jsonl, .ndjson, .json-lines) with the fields of "
                    + "a reading (docs/contract.md), or CSV (.csv) with the header",
            "  " + ReadingFileReader.CSV_HEADER,
            "where source and registered may be empty; a .gz file is read compressed.",
            "",
            "A bad line is skipped and reported with its number; a reading ingest refuses is reported with "
                    + "ingest's reason. Replaying a file again is safe: a reading already taken changes nothing.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every line was a reading and every reading was accepted",
            "1:some lines were bad, or readings were refused or failed (the summary says which)",
            "2:bad arguments, an unreadable file, or a token or URL ingest refuses"})
final class ReplayCommand implements Callable<Integer> {

    /** The ingest of the embedded default ({@code election-day run}). */
    static final String DEFAULT_INGEST = "http://" + IngestConfig.DEFAULT_HOST + ":" + IngestConfig.DEFAULT_PORT;
    static final String TOKEN_VARIABLE = "ELECTION_DAY_TOKEN";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The readings: .jsonl/.ndjson/.json-lines or .csv, optionally .gz.")
    Path file;

    @Option(names = "--to", paramLabel = "URL",
            description = "Default " + DEFAULT_INGEST + " (the ingest of 'election-day run'). Give "
                    + "http://host:port or the full URL ending in /api/v1/readings.")
    String to;

    // The default comes from the environment; never shown in --help, it is a secret.
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:" + TOKEN_VARIABLE + "}",
            description = "Bearer token of a reporting unit, as printed by 'election-day run' (default: the environment "
                    + "variable " + TOKEN_VARIABLE + "; prefer it, a token on the command line shows in the process list).")
    String token;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "Write straight to Kafka at host:port[,host:port...] instead of posting to ingest. Nothing is "
                    + "checked on the way: the turnout job validates each reading and sends the ones it refuses to "
                    + "turnout.rejected, so 'accepted' then means written. The readings topic must exist.")
    String kafka;

    @Option(names = "--topic-prefix", paramLabel = "P", description = "With --kafka: prefix of the topic names (default: none).")
    String topicPrefix;

    @Option(names = "--format", paramLabel = "jsonl|csv", description = "File format (default: told by the file name).")
    String format;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + HttpSinkConfig.DEFAULT_BATCH_SIZE,
            description = "Readings per request to ingest, 1.." + HttpSinkConfig.MAX_BATCH_SIZE + " (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        Format fileFormat = fileFormat();
        if (batch < 1 || batch > HttpSinkConfig.MAX_BATCH_SIZE) {
            throw bad("--batch must be between 1 and " + HttpSinkConfig.MAX_BATCH_SIZE
                    + " (the ingest API's limit per request), got " + batch);
        }
        HttpSinkConfig http = kafka == null ? httpConfig() : null;
        String prefix = kafkaPrefix();
        ReadingFileReader reader;
        try {
            reader = ReadingFileReader.open(file, fileFormat);
        } catch (ReplayFileException e) {
            throw bad(e.getMessage());
        }

        PrintWriter out = spec.commandLine().getOut();
        ReplaySummary summary;
        try (reader; ReadingSink sink = http != null ? new HttpReadingSink(http) : kafkaSink(prefix)) {
            String target = http != null ? "ingest " + http.endpoint()
                    : "Kafka " + kafka + " topic " + Topics.READINGS.withPrefix(prefix).name();
            out.println("Replaying " + file + " (" + reader.format().description() + ", " + size(reader.size()) + ") to "
                    + target + "...");
            out.flush();
            summary = new Replayer(sink, target, out, Replayer.DEFAULT_PROGRESS_INTERVAL).replay(reader);
        }
        summary.describe().forEach(out::println);
        out.flush();
        return exitCode(summary);
    }

    private int exitCode(ReplaySummary summary) {
        PrintWriter err = spec.commandLine().getErr();
        Exception stop = summary.stopCause();
        boolean usageError = stop instanceof ReplayFileException
                || (stop instanceof HttpSinkException h && h.kind() != HttpSinkException.Kind.UNAVAILABLE);
        int code;
        if (usageError) {
            err.println("election-day: " + ElectionDay.oneLine(stop));
            code = 2;
        } else if (summary.complete()) {
            code = 0;
        } else {
            err.println("election-day: replay incomplete: " + String.join(", ", summary.problems())
                    + (stop == null ? "" : " (" + ElectionDay.oneLine(stop) + ")"));
            code = 1;
        }
        err.flush();
        return code;
    }

    private Format fileFormat() {
        if (format == null) {
            return null;
        }
        try {
            return Format.parse(format);
        } catch (IllegalArgumentException e) {
            throw bad("--format must be jsonl or csv, got '" + format + "'");
        }
    }

    private HttpSinkConfig httpConfig() {
        if (topicPrefix != null) {
            throw bad("--topic-prefix applies only with --kafka (ingest knows its own topics)");
        }
        URI endpoint;
        try {
            endpoint = HttpSinkConfig.endpoint(to == null ? DEFAULT_INGEST : to);
        } catch (IllegalArgumentException e) {
            throw bad("--to: " + e.getMessage());
        }
        if (token == null || token.isBlank()) {
            throw bad("no token: pass --token TOKEN or set " + TOKEN_VARIABLE + " (the token 'election-day run' prints)");
        }
        try {
            return new HttpSinkConfig(endpoint, token.trim(), batch, HttpSinkConfig.DEFAULT_MAX_IN_FLIGHT,
                    HttpSinkConfig.DEFAULT_RETRY_LIMIT, HttpSinkConfig.DEFAULT_REQUEST_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw bad("--token: " + e.getMessage());
        }
    }

    private String kafkaPrefix() {
        if (kafka == null) {
            return null;
        }
        if (to != null) {
            throw bad("--to and --kafka cannot be combined: --kafka writes to Kafka instead of posting to ingest");
        }
        if (kafka.isBlank()) {
            throw bad("--kafka must be host:port[,host:port...], got an empty string");
        }
        String prefix = topicPrefix == null ? "" : topicPrefix;
        if (!prefix.matches("[A-Za-z0-9._-]*")) {
            throw bad("--topic-prefix may hold only letters, digits, '.', '_' and '-', got '" + prefix + "'");
        }
        return prefix;
    }

    private ReadingSink kafkaSink(String prefix) {
        try {
            return new KafkaReadingSink(kafka, prefix);
        } catch (KafkaException e) {
            throw bad("--kafka " + kafka + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
