package io.tributary.connect.sink.clickhouse;

import io.tributary.testsupport.LocalServices;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** SQL against the local ClickHouse over its HTTP interface, for setting up and checking tables in tests. */
final class ClickHouseSql {

    private final URI uri = LocalServices.clickHouse();
    private final HttpClient client = HttpClient.newHttpClient();

    URI uri() {
        return uri;
    }

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

    long count(String sql) {
        String s = query(sql);
        return s.isEmpty() ? 0 : Long.parseLong(s);
    }

    void recreateDatabase(String database) {
        query("DROP DATABASE IF EXISTS " + database);
        query("CREATE DATABASE " + database);
    }
}
