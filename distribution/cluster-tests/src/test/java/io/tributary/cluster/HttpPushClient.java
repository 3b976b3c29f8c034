package io.tributary.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Pushes batches to the HTTP listener ({@code POST /events/batch}); 200 means every event of it is in Kafka. */
final class HttpPushClient extends PushClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    HttpPushClient(List<Integer> ports, long seed, Timeline timeline) {
        super("http", ports, seed, timeline);
    }

    @Override
    protected String send(int port, List<String> events, List<String> ids) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/events/batch"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", events) + "]")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? null
                : "HTTP " + response.statusCode() + " " + response.body().replaceAll("\\s+", " ");
    }
}
