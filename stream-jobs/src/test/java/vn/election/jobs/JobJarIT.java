package vn.election.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The job jar built by {@code package} (classifier job): our code and the connector in, Flink itself out, main class set. */
class JobJarIT {

    @Test
    void holdsTheJobAndTheConnectorButNotFlinkItself() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jobJars = files.filter(p -> p.getFileName().toString().endsWith("-job.jar")).toList();
            assertThat(jobJars).as("target/*-job.jar (built by package unless -Djob-jar.phase=none)").hasSize(1);
            jar = jobJars.get(0);
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            assertThat(j.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(TurnoutJob.class.getName());
            for (String present : List.of("vn/election/jobs/TurnoutJob.class", "vn/election/model/topic/Topics.class",
                    "registry/demo.csv", "rules/default-rules.json",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class", "org/apache/commons/csv/CSVParser.class")) {
                assertThat(j.getEntry(present)).as(present).isNotNull();
            }
            for (String absent : List.of("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
                    "org/apache/flink/api/common/functions/RichFunction.class",
                    "org/apache/flink/connector/base/source/reader/SourceReaderBase.class",
                    "org/apache/flink/runtime/jobgraph/JobGraph.class", "org/slf4j/Logger.class",
                    "org/apache/logging/log4j/Logger.class")) {
                assertThat(j.getEntry(absent)).as("provided by the cluster: " + absent).isNull();
            }
        }
    }
}
