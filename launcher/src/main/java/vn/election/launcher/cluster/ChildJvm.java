package vn.election.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child JVM of the local cluster: this JVM's java binary, a classpath, a main class run through
 * {@link ParentWatch}, output appended to a log file; it can be started again after it stopped or was killed.
 */
public final class ChildJvm {

    private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);

    /** Flink and Kafka reflect into the JDK on Java 17: the list Flink's own scripts pass (as in ./election-day). */
    static final List<String> ADD_OPENS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.management/sun.management=ALL-UNNAMED");

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;

    ChildJvm(String name, List<String> jvmArgs, String classpath, String mainClass, List<String> args, Path log) {
        this.name = name;
        this.log = log;
        List<String> c = new ArrayList<>();
        c.add(javaBinary());
        c.addAll(jvmArgs);
        c.add("-cp");
        c.add(classpath);
        c.add(ParentWatch.class.getName());
        c.add(mainClass);
        c.addAll(args);
        this.command = List.copyOf(c);
    }

    /** The java binary of the running JVM, so children run on the same Java as the launcher. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts the process (again, after a stop or a kill); its output is appended to the log file. */
    public synchronized void start() throws IOException {
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // stdin stays a pipe from this JVM: ParentWatch exits the child when it closes.
        process = pb.start();
        LOG.info("{} started, pid {}, log {}", name, process.pid(), log);
    }

    /** Runs the process to its end (a tool such as the Kafka storage formatter) and fails unless it exits 0. */
    void runToEnd(Duration timeout) throws IOException, InterruptedException {
        start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IOException(name + " did not finish within " + timeout.toSeconds() + " s (log " + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new IOException(name + " failed with exit code " + process.exitValue() + ": " + lastLines(5) + " (log " + log + ")");
        }
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** The pid of the current (or last) process; -1 before the first start. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** Kills the process and its descendants at once (SIGKILL), as a crash would, and waits until it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the process tree to stop (SIGTERM) without waiting; {@link #stop(Duration)} then waits. */
    public synchronized void stopAsync() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    /** Asks the process tree to stop (SIGTERM, so its shutdown hooks run), and kills what is left after {@code grace}. */
    public synchronized void stop(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not stop within {} s; killing it", name, grace.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
    }

    /** The last lines of the log, for an error message. */
    String lastLines(int n) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
