package io.tributary.cluster;

import io.tributary.testsupport.LocalServices;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** SQL over ClickHouse's HTTP interface, answers as text (uncompressed: see the ClickHouse note on 18.16). */
final class ClickHouse {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri = LocalServices.clickHouse();

    String query(String sql) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(sql + " -> " + r.statusCode() + ": " + r.body());
            }
            return r.body().trim();
        } catch (IOException e) {
            throw new IllegalStateException(sql, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
