package vn.election.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One dashboard instance as a process of its own ({@code DashboardMain}, configured through its
 * environment variables, on this JVM's class path), so its memory and CPU are its own: started, waited
 * for until /health answers 200, measured (heap after a full GC through jcmd, RSS, CPU time), stopped.
 */
final class DashboardProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private final Process process;
    private final int port;

    private DashboardProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static DashboardProcess start(String bootstrap, String prefix, Path registryFile, String heap, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Dlog4j2.configurationFile=log4j2-bench.xml",
                "-cp", System.getProperty("java.class.path"), "vn.election.dashboard.DashboardMain"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        pb.environment().put("TOPIC_PREFIX", prefix);
        pb.environment().put("REGISTRY_FILE", registryFile.toAbsolutePath().toString());
        pb.environment().put("DASHBOARD_HOST", "127.0.0.1");
        pb.environment().put("DASHBOARD_PORT", String.valueOf(port));
        // Every fan-out client comes from this one address: above the edge's default caps (docs/security.md).
        pb.environment().put("DASHBOARD_MAX_CONNECTIONS", "15000");
        pb.environment().put("DASHBOARD_MAX_CONNECTIONS_PER_ADDRESS", "15000");
        DashboardProcess d = new DashboardProcess(pb.start(), port);
        try {
            d.awaitHealthy(Duration.ofMinutes(2), log);
        } catch (IOException | RuntimeException | InterruptedException e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void awaitHealthy(Duration limit, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the dashboard process exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the dashboard process did not answer /health 200 within " + limit + "; see " + log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Heap in use after a full GC, in MB (jcmd GC.run, then GC.heap_info). */
    long heapAfterGcMb() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.heap_info did not name the heap used");
        }
        return Long.parseLong(m.group(1)) >> 10;
    }

    /** Resident set size of the process, in MB. */
    long rssMb() throws IOException {
        Matcher m = RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(process.pid()), "status")));
        return m.find() ? Long.parseLong(m.group(1)) >> 10 : -1;
    }

    /** CPU time the process has used so far, in nanoseconds. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jcmd = Path.of(java).resolveSibling("jcmd");
        Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", String.valueOf(process.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
