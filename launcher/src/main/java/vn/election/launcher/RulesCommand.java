package vn.election.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AlertRuleCodec;
import vn.election.model.topic.Topics;

/**
 * {@code election-day rules}: alert rules as data. {@code defaults} prints the bundled rules (a start
 * for a rules file); {@code publish FILE} and {@code delete ID} change the rules of a running turnout
 * job through {@code turnout.alert-rules}, without restarting it.
 */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Alert rules: print the defaults, change them at run time.",
        subcommands = {RulesCommand.Defaults.class, RulesCommand.Publish.class, RulesCommand.Delete.class})
final class RulesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code rules defaults}: the bundled rules as a rules file. */
    @Command(name = "defaults", mixinStandardHelpOptions = true, description = "Print the bundled rules (a JSON array).")
    static final class Defaults implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(new String(AlertRuleCodec.encodeAll(AlertRuleCodec.bundledDefaults()),
                    StandardCharsets.UTF_8));
            return 0;
        }
    }

    /** Where the rules topic is. */
    static class Target {
        @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP",
                description = "Kafka bootstrap servers (run prints them as 'Kafka:').")
        String kafka;

        @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = "", description = "Prefix of the topic names (default: none).")
        String prefix;

        void write(List<ProducerRecord<String, byte[]>> records) throws ExecutionException, InterruptedException, TimeoutException {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000,
                    // Kafka 4 clients refuse a delivery timeout under linger.ms (5) + request.timeout.ms.
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000), new StringSerializer(), new ByteArraySerializer())) {
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                records.forEach(r -> sent.add(producer.send(r)));
                for (var f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
        }

        String topic() {
            return Topics.ALERT_RULES.withPrefix(prefix).name();
        }
    }

    /** {@code rules publish FILE}: every rule of the file, in force at once (added or replaced by rule_id). */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Put the rules of FILE (a JSON array, see 'rules defaults') in force on the running job.")
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Rules file: a JSON array of rules.")
        Path file;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() throws Exception {
            List<AlertRule> rules;
            try {
                rules = AlertRuleCodec.decodeAll(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), file + ": " + e.getMessage());
            }
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            rules.forEach(r -> records.add(new ProducerRecord<>(target.topic(), r.ruleId(), AlertRuleCodec.encode(r))));
            target.write(records);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Published " + rules.size() + " rules to " + target.topic() + ": "
                    + String.join(", ", rules.stream().map(AlertRule::ruleId).toList()));
            return 0;
        }
    }

    /** {@code rules delete ID...}: the rules no longer apply; their open alerts are resolved. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete rules on the running job; their open alerts are resolved.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RULE_ID", arity = "1..*", description = "Rule ids to delete.")
        List<String> ids;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() throws Exception {
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
            ids.forEach(id -> records.add(new ProducerRecord<>(target.topic(), id, null)));
            target.write(records);
            spec.commandLine().getOut().println("Deleted " + String.join(", ", ids) + " on " + target.topic());
            return 0;
        }
    }
}
