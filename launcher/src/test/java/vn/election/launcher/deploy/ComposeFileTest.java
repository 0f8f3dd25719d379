package vn.election.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.launcher.deploy.DeploymentFiles.DOCKER;
import static vn.election.launcher.deploy.DeploymentFiles.list;
import static vn.election.launcher.deploy.DeploymentFiles.map;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import vn.election.dashboard.DashboardMain;
import vn.election.delivery.AlertDeliveryMain;
import vn.election.ingest.CreateTopicsMain;
import vn.election.ingest.IngestMain;

/** Checks docker/compose.yaml without a Docker engine: pinned images, known environment variables, ports, start order, Kafka durability. */
class ComposeFileTest {

    private static final Pattern URL = Pattern.compile("https?://[^\\s\"']+");
    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    /** Variables the operator supplies at `up` (secrets, and the webhook receivers); everything else comes from docker/.env. */
    private static final Set<String> OPERATOR_VARIABLES = Set.of("DASHBOARD_SESSION_SECRET", "DASHBOARD_METRICS_TOKEN",
            "DELIVERY_WEBHOOK_URLS", "DELIVERY_WEBHOOK_SECRET");
    private static final String DELIVERY = "alert-delivery";

    private static Map<String, String> dotEnv;
    private static String raw;
    private static Map<String, Object> services;

    @BeforeAll
    static void load() {
        dotEnv = DeploymentFiles.dotEnv();
        raw = DeploymentFiles.read(DOCKER.resolve("compose.yaml"));
        String resolved = DeploymentFiles.substitute(raw, dotEnv);
        Map<String, Object> compose = map(new Yaml(new SafeConstructor(new LoaderOptions())).load(resolved));
        services = map(compose.get("services"));
    }

    @Test
    void everyVariableComesFromDotEnvOrIsASecretTheOperatorGives() {
        Set<String> unknown = new TreeSet<>(DeploymentFiles.variables(raw));
        unknown.removeAll(dotEnv.keySet());
        unknown.removeAll(OPERATOR_VARIABLES);
        assertThat(unknown).as("variables neither in docker/.env nor operator secrets").isEmpty();
        for (String v : OPERATOR_VARIABLES) {
            assertThat(raw).as("operator secrets must fail `up` when unset").contains("${" + v + ":?");
        }
    }

    @Test
    void everyImageIsPinnedAndEveryBaseImageToo() {
        services.forEach((name, s) -> assertThat(DeploymentFiles.pinned((String) map(s).get("image")))
                .as("image of %s: %s", name, map(s).get("image")).isTrue());
        for (String key : List.of("KAFKA_IMAGE", "FLINK_IMAGE", "JDK_IMAGE", "JRE_IMAGE", "PROMETHEUS_IMAGE", "GRAFANA_IMAGE")) {
            assertThat(DeploymentFiles.pinned(dotEnv.get(key))).as("%s=%s", key, dotEnv.get(key)).isTrue();
        }
        String dockerfile = DeploymentFiles.read(DOCKER.resolve("Dockerfile"));
        for (String line : dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList()) {
            String base = line.split("\\s+")[1];
            assertThat(base.startsWith("${") || base.equals("service")).as("Dockerfile base %s comes from a build arg", base)
                    .isTrue();
        }
        for (String arg : List.of("JDK_IMAGE", "JRE_IMAGE", "FLINK_IMAGE")) {
            assertThat(dockerfile).contains("ARG " + arg + "\n");
        }
    }

    @Test
    void builtImagesNameExistingDockerfileTargets() {
        String dockerfile = DeploymentFiles.read(DOCKER.resolve("Dockerfile"));
        services.forEach((name, s) -> {
            Map<String, Object> build = map(map(s).get("build"));
            if (!build.isEmpty()) {
                assertThat(dockerfile).as("target of %s", name).contains(" AS " + build.get("target") + "\n");
                assertThat(map(build.get("args")).keySet()).containsExactlyInAnyOrder("JDK_IMAGE", "JRE_IMAGE", "FLINK_IMAGE");
            }
        });
    }

    @Test
    void servicesSetOnlyVariablesTheyRead() {
        assertThat(env("ingest").keySet()).isSubsetOf(IngestMain.envNames());
        assertThat(env("topics").keySet()).isSubsetOf(CreateTopicsMain.envNames());
        assertThat(env(DELIVERY).keySet()).isSubsetOf(AlertDeliveryMain.envNames())
                .contains("KAFKA_BOOTSTRAP_SERVERS", "REGISTRY_FILE", "DELIVERY_WEBHOOK_URLS", "DELIVERY_WEBHOOK_SECRET");
        for (String d : dashboards()) {
            assertThat(env(d).keySet()).as(d).isSubsetOf(DashboardMain.envNames());
        }
        assertThat(dashboards()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void healthchecksPublishedPortsAndPrometheusTargetsMatchTheListenPorts() {
        Map<String, Integer> listen = new HashMap<>();
        listen.put("ingest", Integer.parseInt(env("ingest").get("INGEST_PORT")));
        dashboards().forEach(d -> listen.put(d, Integer.parseInt(env(d).get("DASHBOARD_PORT"))));
        listen.put(DELIVERY, Integer.parseInt(env(DELIVERY).get("DELIVERY_PORT")));
        for (Map.Entry<String, Integer> e : listen.entrySet()) {
            List<URI> health = urls(map(service(e.getKey()).get("healthcheck")).get("test"));
            assertThat(health).as("healthcheck of %s", e.getKey()).singleElement()
                    .satisfies(u -> {
                        assertThat(u.getPort()).isEqualTo(e.getValue());
                        assertThat(u.getPath()).isEqualTo("/health");
                    });
            for (Object port : list(service(e.getKey()).get("ports"))) {
                assertThat(Integer.parseInt(port.toString().split(":")[1])).as("ports of %s", e.getKey()).isEqualTo(e.getValue());
            }
        }
        int flinkPort = Integer.parseInt(flinkProperties("jobmanager").get("metrics.reporter.prom.port"));
        for (String f : List.of("jobmanager", "taskmanager-1", "taskmanager-2")) {
            listen.put(f, flinkPort);
            assertThat(flinkProperties(f)).containsEntry("metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        }
        Set<String> expected = new TreeSet<>();
        listen.forEach((host, port) -> expected.add(host + ":" + port));
        assertThat(prometheusTargets()).as("Prometheus scrapes every /metrics and only real ones").isEqualTo(expected);

        Set<String> hostPorts = new HashSet<>();
        services.forEach((name, s) -> list(map(s).get("ports")).forEach(p ->
                assertThat(hostPorts.add(p.toString().split(":")[0])).as("host port %s used twice", p).isTrue()));
    }

    @Test
    void prometheusReadsDashboardMetricsWithTheTokenTheDashboardsAccept() {
        Map<String, Object> prom = DeploymentFiles.yamlDocuments(DOCKER.resolve("prometheus/prometheus.yml")).get(0);
        Map<String, Object> job = list(prom.get("scrape_configs")).stream().map(DeploymentFiles::map)
                .filter(j -> "dashboard".equals(j.get("job_name"))).findFirst().orElseThrow();
        Map<String, Object> auth = map(job.get("authorization"));
        assertThat(auth).containsEntry("type", "Bearer");
        String file = (String) auth.get("credentials_file");
        assertThat(file).startsWith("/run/secrets/");
        String secret = file.substring("/run/secrets/".length());
        assertThat(list(service("prometheus").get("secrets"))).contains(secret);
        Map<String, Object> secrets = map(new Yaml(new SafeConstructor(new LoaderOptions())).<Map<String, Object>>load(raw)
                .get("secrets"));
        assertThat(map(secrets.get(secret))).containsEntry("environment", "DASHBOARD_METRICS_TOKEN");
        assertThat(raw).contains("DASHBOARD_METRICS_TOKEN: ${DASHBOARD_METRICS_TOKEN:?");
        for (String d : dashboards()) {
            assertThat(env(d)).as(d).containsKey("DASHBOARD_METRICS_TOKEN");
        }
        // Ingest and alert delivery bind 0.0.0.0 too: their /metrics want the same token, read from the same secret.
        Map<String, String> tokenOf = Map.of("ingest", "INGEST_METRICS_TOKEN", DELIVERY, "DELIVERY_METRICS_TOKEN");
        tokenOf.forEach((service, variable) -> {
            Map<String, Object> scrape = list(prom.get("scrape_configs")).stream().map(DeploymentFiles::map)
                    .filter(j -> service.equals(j.get("job_name"))).findFirst().orElseThrow();
            assertThat(map(scrape.get("authorization"))).as(service).isEqualTo(auth);
            assertThat(env(service)).as(service).containsEntry(variable, env(dashboards().get(0)).get("DASHBOARD_METRICS_TOKEN"));
        });
    }

    @Test
    void everyServiceDependsOnWhatItUses() {
        for (String name : services.keySet()) {
            Set<String> used = new TreeSet<>();
            String text = String.valueOf(service(name).get("environment")) + service(name).get("command");
            for (String other : services.keySet()) {
                boolean quorumPeers = BROKERS.contains(name) && BROKERS.contains(other);
                if (!other.equals(name) && !quorumPeers && Pattern.compile("(^|[^a-z0-9-])" + Pattern.quote(other) + ":\\d").matcher(text).find()) {
                    used.add(other);
                }
            }
            if (name.equals("prometheus")) {
                prometheusTargets().forEach(t -> used.add(t.split(":")[0]));
            }
            if (name.equals("grafana")) {
                used.add("prometheus");
            }
            assertThat(dependencies(name)).as("%s uses %s", name, used).containsAll(used);
        }
        assertThat(condition("topics", "kafka-1")).isEqualTo("service_healthy");
        for (String s : List.of("ingest", "jobmanager", "dashboard-1", "dashboard-2", DELIVERY)) {
            assertThat(condition(s, "topics")).as(s).isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void kafkaIsThreeKraftBrokersWithReplicationThreeAndMinIsrTwo() {
        Set<String> ids = new HashSet<>();
        for (String b : BROKERS) {
            Map<String, String> env = env(b);
            assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + b + ":9092");
            assertThat(ids.add(env.get("KAFKA_NODE_ID"))).isTrue();
            assertThat(list(service(b).get("volumes"))).as("%s keeps its log on a volume", b).isNotEmpty();
        }
        assertThat(env("topics")).containsEntry("TOPIC_REPLICATION_FACTOR", "3");
        String all = "kafka-1:9092,kafka-2:9092,kafka-3:9092";
        assertThat(env("ingest")).containsEntry("KAFKA_BOOTSTRAP_SERVERS", all);
        dashboards().forEach(d -> assertThat(env(d)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", all));
        assertThat(env(DELIVERY)).containsEntry("KAFKA_BOOTSTRAP_SERVERS", all);
        assertThat(list(service("jobmanager").get("command"))).containsSubsequence("--bootstrap-servers", all);
    }

    @Test
    void flinkRunsTheJobWithCheckpointsOnASharedVolume() {
        List<Object> command = list(service("jobmanager").get("command"));
        assertThat(command).containsSubsequence("standalone-job", "--job-classname", "vn.election.jobs.TurnoutJob");
        assertThat(command).containsSubsequence("--checkpoint-dir", "file:///opt/flink/checkpoints");
        for (String f : List.of("jobmanager", "taskmanager-1", "taskmanager-2")) {
            assertThat(list(service(f).get("volumes"))).as(f).contains("flink-checkpoints:/opt/flink/checkpoints");
            assertThat(flinkProperties(f)).containsEntry("execution.checkpointing.dir", "file:///opt/flink/checkpoints")
                    .containsEntry("jobmanager.rpc.address", "jobmanager");
        }
        assertThat(DeploymentFiles.read(DOCKER.resolve("Dockerfile"))).contains("/opt/flink/usrlib/");
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return map(services.get(name));
    }

    private static Map<String, String> env(String name) {
        Map<String, String> env = new HashMap<>();
        map(service(name).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    private static List<String> dashboards() {
        return services.keySet().stream().filter(s -> s.startsWith("dashboard")).toList();
    }

    private static Map<String, String> flinkProperties(String name) {
        Map<String, String> props = new HashMap<>();
        env(name).getOrDefault("FLINK_PROPERTIES", "").lines().filter(l -> l.contains(": ")).forEach(l -> {
            int i = l.indexOf(": ");
            props.put(l.substring(0, i).strip(), l.substring(i + 2).strip());
        });
        return props;
    }

    private static List<URI> urls(Object healthTest) {
        Matcher m = URL.matcher(String.valueOf(healthTest));
        List<URI> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(URI.create(m.group()));
        }
        return found;
    }

    private static Set<String> prometheusTargets() {
        Map<String, Object> prom = DeploymentFiles.yamlDocuments(DOCKER.resolve("prometheus/prometheus.yml")).get(0);
        Set<String> targets = new TreeSet<>();
        for (Object job : list(prom.get("scrape_configs"))) {
            assertThat(map(job).getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
            for (Object sc : list(map(job).get("static_configs"))) {
                list(map(sc).get("targets")).forEach(t -> targets.add(t.toString()));
            }
        }
        return targets;
    }

    /** Services reachable through depends_on, transitively. */
    private static Set<String> dependencies(String name) {
        Set<String> seen = new TreeSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(name));
        while (!todo.isEmpty()) {
            for (String d : map(service(todo.pop()).get("depends_on")).keySet()) {
                if (seen.add(d)) {
                    todo.push(d);
                }
            }
        }
        return seen;
    }

    private static String condition(String service, String dependency) {
        return String.valueOf(map(map(service(service).get("depends_on")).get(dependency)).get("condition"));
    }
}
