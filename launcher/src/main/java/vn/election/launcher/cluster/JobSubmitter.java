package vn.election.launcher.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Submits the shaded job jar to a Flink session cluster over REST: {@code POST /jars/upload}, then {@code /jars/{id}/run}. */
public final class JobSubmitter {

    public static final String ENTRY_CLASS = "vn.election.jobs.TurnoutJob";

    private final FlinkRest rest;

    public JobSubmitter(FlinkRest rest) {
        this.rest = rest;
    }

    /** Uploads the jar and runs its job with {@code programArgs}; returns the job id. */
    public String submit(Path jar, List<String> programArgs) throws IOException, InterruptedException {
        String jarId = upload(jar);
        ObjectNode body = FlinkRest.JSON.createObjectNode();
        body.put("entryClass", ENTRY_CLASS);
        programArgs.forEach(body.putArray("programArgsList")::add);
        // The JobManager runs the job's main to build the graph (loading the registry): give it time.
        JsonNode answer = rest.send(HttpRequest.newBuilder(URI.create(rest.baseUrl() + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        String jobId = answer.path("jobid").asText();
        if (jobId.isEmpty()) {
            throw new IOException("Flink accepted the job but named no job id: " + answer);
        }
        return jobId;
    }

    /** {@code POST /jars/upload} as multipart form data; returns the jar id the cluster gave it. */
    String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "----election-day-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        JsonNode answer = rest.send(HttpRequest.newBuilder(URI.create(rest.baseUrl() + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(jar), tail))).build());
        String file = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
            throw new IOException("Flink did not take the job jar: " + answer);
        }
        return Path.of(file).getFileName().toString();
    }
}
