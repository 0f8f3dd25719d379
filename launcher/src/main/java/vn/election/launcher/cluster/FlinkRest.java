package vn.election.launcher.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few calls of the Flink JobManager's REST API the local cluster needs: TaskManagers, job state, restarts, cancel. */
public final class FlinkRest {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A registered TaskManager: its resource id, slots and free slots. */
    public record TaskManager(String id, int slots, int freeSlots) {
    }

    /** The TaskManagers registered with the JobManager now. */
    public List<TaskManager> taskManagers() throws IOException, InterruptedException {
        List<TaskManager> out = new ArrayList<>();
        for (JsonNode t : get("/taskmanagers").path("taskmanagers")) {
            out.add(new TaskManager(t.path("id").asText(), t.path("slotsNumber").asInt(), t.path("freeSlots").asInt()));
        }
        return out;
    }

    /** The job's state ({@code RUNNING}, {@code RESTARTING}, ...). */
    public String jobState(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** True when the job is RUNNING and so is every one of its tasks (not only scheduled). */
    public boolean fullyRunning(String jobId) throws IOException, InterruptedException {
        JsonNode job = get("/jobs/" + jobId);
        if (!job.path("state").asText().equals("RUNNING")) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (!v.path("status").asText().equals("RUNNING")) {
                return false;
            }
        }
        return true;
    }

    /** How many times the job has restarted (the {@code numRestarts} metric). */
    public long restarts(String jobId) throws IOException, InterruptedException {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return m.path("value").asLong();
        }
        return 0;
    }

    /**
     * Failures in the job's exception history (each a restart under the restart strategy): read from the job
     * itself, where {@link #restarts}'s metric comes through the metric fetcher and can lag.
     */
    public long failures(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries").size();
    }

    /** Completed checkpoints of the job. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** Cancels the job (its retained checkpoints stay on disk). */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                    + ": " + firstLine(response.body()));
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static String firstLine(String body) {
        String line = body.lines().findFirst().orElse("");
        return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
}
