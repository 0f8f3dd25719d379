package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.dashboard.Fixtures.await;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import vn.election.model.json.Json;

/** Signs in to a dashboard under test through {@code POST /api/v1/login}, as the login page does. */
final class LoginClient {

    static final String PATH = "/api/v1/login";

    private LoginClient() {
    }

    /** The login request with a JSON name and password; {@code origin} is sent when not null. */
    static Future<HttpResponse<Buffer>> login(WebClient client, int port, String name, String password, String origin) {
        HttpRequest<Buffer> req = client.post(port, "127.0.0.1", PATH);
        if (origin != null) {
            req.putHeader("Origin", origin);
        }
        return req.sendBuffer(Buffer.buffer(Json.MAPPER.createObjectNode().put("name", name).put("password", password).toString()));
    }

    /** Signs in (the answer must be 200) and returns the session cookie as a {@code Cookie} header carries it. */
    static String sessionCookie(WebClient client, int port, String name, String password) {
        HttpResponse<Buffer> r = await(login(client, port, name, password, null));
        assertThat(r.statusCode()).as("login of " + name + ": " + r.bodyAsString()).isEqualTo(200);
        return cookieOf(r);
    }

    /** The cookie a login answer set, as a {@code Cookie} header carries it ({@code name=value}). */
    static String cookieOf(HttpResponse<Buffer> r) {
        String setCookie = r.cookies().get(0);
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
