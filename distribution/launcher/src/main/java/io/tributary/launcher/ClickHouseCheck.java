package io.tributary.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The launcher's view of a ClickHouse server through its HTTP interface (the local one on 127.0.0.1:8123 unless told
 * otherwise): does it answer, which version, queries as text, and counts.
 */
public final class ClickHouseCheck {

    static final URI URL = URI.create("http://127.0.0.1:8123/");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI url;

    public ClickHouseCheck() {
        this(URL);
    }

    /** The server whose HTTP interface is at {@code url} ({@code http://host:8123/}). */
    public ClickHouseCheck(URI url) {
        this.url = url.getPath().endsWith("/") ? url : URI.create(url + "/");
    }

    public URI url() {
        return url;
    }

    public boolean answers() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(url.resolve("ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().startsWith("Ok.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String query(String sql) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("ClickHouse answered " + r.statusCode() + " to " + sql + ": " + r.body().trim());
        }
        return r.body().trim();
    }

    /** The server's version, e.g. {@code 18.16.1}. */
    public String version() throws IOException, InterruptedException {
        return query("SELECT version()");
    }

    /** Whether the server's version is at least {@code major.minor}. */
    public static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.trim().split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || ma == major && mi >= minor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + version + "' is not a ClickHouse version");
        }
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
