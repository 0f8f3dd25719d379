package vn.election.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the Log4j 2 configuration of the child JVMs: INFO to stdout, which {@link ChildJvm} sends to the child's log file. */
final class ChildLogging {

    private static final String CONFIG = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- Child JVMs of 'election-day cluster': stdout goes to logs/NAME.log under the data directory. -->
            <Configuration status="WARN">
              <Appenders>
                <Console name="out" target="SYSTEM_OUT">
                  <PatternLayout pattern="%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %c{1.} - %msg%n"/>
                </Console>
              </Appenders>
              <Loggers>
                <Logger name="org.apache.kafka.clients" level="WARN"/>
                <Logger name="org.apache.flink.runtime.metrics" level="WARN"/>
                <Logger name="org.apache.pekko" level="WARN"/>
                <Root level="INFO"><AppenderRef ref="out"/></Root>
              </Loggers>
            </Configuration>
            """;

    private ChildLogging() {
    }

    /** Writes {@code dir/log4j2-child.xml} and returns the JVM flag that selects it. */
    static String write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("log4j2-child.xml");
        Files.writeString(file, CONFIG);
        return "-Dlog4j2.configurationFile=" + file.toAbsolutePath();
    }
}
