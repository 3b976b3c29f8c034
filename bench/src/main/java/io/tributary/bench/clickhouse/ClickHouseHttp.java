package io.tributary.bench.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The benchmark's own queries to ClickHouse (DDL, counts, checks) over the plain HTTP interface: the JDK client asks
 * for no compression, which 18.16 gets wrong (see docs), and keeps the bench free of the sink's client.
 */
final class ClickHouseHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    ClickHouseHttp(URI base) {
        this.base = base;
    }

    boolean answers() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().trim().equals("Ok.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code sql} and returns its answer (TSV unless the query names a format), trimmed. */
    String query(String sql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("ClickHouse answered " + response.statusCode() + " to '" + sql + "': "
                    + response.body().trim());
        }
        return response.body().trim();
    }

    long count(String table) throws IOException, InterruptedException {
        return Long.parseLong(query("SELECT count() FROM " + table));
    }
}
