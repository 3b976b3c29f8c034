package io.tributary.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The demo's view of the local ClickHouse (its HTTP interface on 127.0.0.1:8123): does it answer, and counts. */
final class ClickHouseCheck {

    static final URI URL = URI.create("http://127.0.0.1:8123/");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    boolean answers() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URL.resolve("/ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().startsWith("Ok.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String query(String sql) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URL).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("ClickHouse answered " + r.statusCode() + " to " + sql + ": " + r.body().trim());
        }
        return r.body().trim();
    }

    /** Rows of {@code db.table}; 0 while the table does not exist. */
    long count(String database, String table) {
        try {
            if (!query("EXISTS TABLE " + database + "." + table).equals("1")) {
                return 0;
            }
            return Long.parseLong(query("SELECT count() FROM " + database + "." + table));
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
