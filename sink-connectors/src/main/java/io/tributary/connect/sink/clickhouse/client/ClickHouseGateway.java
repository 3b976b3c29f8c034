package io.tributary.connect.sink.clickhouse.client;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.data.ClickHouseFormat;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkConfig;
import io.tributary.connect.sink.clickhouse.convert.ServerVersion;
import io.tributary.connect.sink.clickhouse.convert.TableSchema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sink's only door to ClickHouse, over the official client (client-v2, HTTP interface): inserts of encoded
 * bytes, text queries, DDL. Responses are not compressed: some servers (18.16 among them) answer compressed
 * requests with empty bodies. Retries are the sink's, not the client's, so that a retried insert is checked first.
 * Every failure leaves it as one {@link GatewayException}, classified once by {@link Failures}: the write path
 * acts on that classification and the task alone turns it into Connect's exceptions.
 */
public final class ClickHouseGateway implements AutoCloseable {

    private final Client client;
    private final String database;
    private final long timeoutMs;

    public ClickHouseGateway(ClickHouseSinkConfig config) {
        Client.Builder builder = new Client.Builder()
                .addEndpoint(config.url())
                .setUsername(config.user())
                .setPassword(config.password())
                .compressServerResponse(false)
                .compressClientRequest(false)
                .setMaxRetries(0)
                .setConnectTimeout(10_000, ChronoUnit.MILLIS)
                .setSocketTimeout(config.socketTimeoutMs(), ChronoUnit.MILLIS)
                .setMaxConnections(config.parallelism() + 2);
        if (!config.truststorePath().isBlank()) {
            builder.setSSLTrustStore(config.truststorePath()).setSSLTrustStoreType("PKCS12");
            if (config.truststorePassword() != null) {
                builder.setSSLTrustStorePassword(config.truststorePassword());
            }
        }
        this.client = builder.build();
        this.database = config.database();
        this.timeoutMs = config.socketTimeoutMs() + 10_000;
    }

    public String database() {
        return database;
    }

    /** `db`.`table`, quoted. */
    public String qualified(String table) {
        return TableSchema.quoteIdentifier(database) + "." + TableSchema.quoteIdentifier(table);
    }

    public ServerVersion serverVersion() {
        return ServerVersion.parse(queryText("SELECT version() FORMAT TSV").trim());
    }

    /** The result of {@code sql} (which names its output format) as text. */
    public String queryText(String sql) {
        try (QueryResponse response = client.query(sql).get(timeoutMs, TimeUnit.MILLISECONDS)) {
            return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new GatewayException(sql, e);
        } catch (Exception e) {
            throw new GatewayException(sql, e);
        }
    }

    public void execute(String sql) {
        queryText(sql);
    }

    public TableSchema describe(String table) {
        return TableSchema.parseDescribe(table, queryText("DESCRIBE TABLE " + qualified(table) + " FORMAT TSV"));
    }

    public boolean tableExists(String table) {
        return queryText("EXISTS TABLE " + qualified(table) + " FORMAT TSV").trim().equals("1");
    }

    public boolean databaseExists() {
        return !queryText("SELECT name FROM system.databases WHERE name = '" + escape(database) + "' FORMAT TSV")
                .isBlank();
    }

    /** Inserts {@code length} bytes of encoded rows from {@code offset}; {@code columns} null means the format's. */
    public void insert(String table, List<String> columns, byte[] data, int offset, int length,
                       ClickHouseFormat format, Map<String, String> settings) {
        InsertSettings insertSettings = new InsertSettings();
        settings.forEach(insertSettings::serverSetting);
        try (InsertResponse ignored = (columns == null
                ? client.insert(qualified(table), new ByteArrayInputStream(data, offset, length), format, insertSettings)
                : client.insert(qualified(table), columns, new ByteArrayInputStream(data, offset, length), format,
                        insertSettings)).get(timeoutMs, TimeUnit.MILLISECONDS)) {
            // written
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException("Cannot insert into " + qualified(table), e);
        } catch (Exception e) {
            throw new GatewayException("Cannot insert into " + qualified(table), e);
        }
    }

    /** A string literal's content, escaped for ClickHouse's single quotes. */
    public static String escape(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * A failed request and what it means ({@link Failures}, decided here once). The message names the request and
     * carries the server's, never row data.
     */
    public static final class GatewayException extends RuntimeException {
        private final Failures failure;

        public GatewayException(String what, Throwable cause) {
            this(what, cause, Failures.of(cause));
        }

        private GatewayException(String what, Throwable cause, Failures failure) {
            super(what + ": " + Failures.describe(cause), Failures.unwrap(cause));
            this.failure = failure;
        }

        /** A failure worth retrying that did not come from a request (the task's thread interrupted meanwhile). */
        public static GatewayException retriable(String what, Throwable cause) {
            return new GatewayException(what, cause, Failures.RETRIABLE);
        }

        public Failures failure() {
            return failure;
        }

        public boolean retriable() {
            return failure == Failures.RETRIABLE;
        }
    }
}
