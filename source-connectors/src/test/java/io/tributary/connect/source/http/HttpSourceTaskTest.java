package io.tributary.connect.source.http;

import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.source.http.FakeApi.CloseWithoutAnswer;
import io.tributary.connect.source.http.FakeApi.Garbage;
import io.tributary.connect.source.http.FakeApi.Slow;
import io.tributary.connect.source.http.FakeApi.Status;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP source task against a real API on loopback: every pagination style, incremental polling with an inclusive
 * 'since', resuming from a record's offset, each kind of credentials, and faults — records arrive in order, each once.
 */
class HttpSourceTaskTest {

    private FakeApi api;
    private final Offsets offsets = new Offsets();
    private final List<HttpSourceTask> tasks = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        tasks.forEach(HttpSourceTask::stop);
        api.close();
    }

    private Map<String, String> props(String path, String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "http-test");
        props.put("topic", "items");
        props.put("http.url", api.url(path));
        props.put("poll.interval.ms", "0");
        props.put("retry.backoff.initial.ms", "10");
        props.put("circuit.breaker.failure.rate.percent", "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private HttpSourceTask task(Map<String, String> props) {
        HttpSourceTask task = new HttpSourceTask();
        task.initialize(new Context(offsets));
        task.start(props);
        tasks.add(task);
        return task;
    }

    /** Polls until {@code count} records arrived (or 50 polls), committing each batch's offsets as Connect would. */
    private List<SourceRecord> pollFor(HttpSourceTask task, int count) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < 50 && all.size() < count; i++) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                all.addAll(batch);
                offsets.commit(batch);
            }
        }
        return all;
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void cursorPaginationReadsEveryPageThenOnlyWhatIsNew() throws Exception {
        api.add(250);
        HttpSourceTask task = task(props("/cursor", "pagination.type", "cursor", "pagination.cursor.pointer",
                "/meta/next_cursor", "pagination.param", "cursor", "pagination.limit.param", "limit",
                "pagination.limit", "100", "response.records.pointer", "/data", "record.key.pointer", "/id"));
        List<SourceRecord> first = pollFor(task, 250);
        assertThat(FakeApi.ids(first)).isEqualTo(range(0, 250));
        assertThat(first.get(7).key()).isEqualTo("7");
        assertThat(first.get(7).value()).isInstanceOf(Struct.class);
        assertThat(((Struct) first.get(7).value()).getString("name")).isEqualTo("record 7");

        api.add(30);
        assertThat(FakeApi.ids(pollFor(task, 30))).as("the last page is read again: only its new records")
                .isEqualTo(range(250, 280));
        assertThat(pollFor(task, 1)).isEmpty();
    }

    @Test
    void cursorInATemplateAndLinkHeadersAndPageNumbersAndOffsetsEachReadEverything() throws Exception {
        api.add(230);
        Map<String, Map<String, String>> styles = Map.of(
                "template cursor", props("/cursor?cursor=${offset.cursor}", "pagination.type", "cursor",
                        "pagination.cursor.pointer", "/meta/next_cursor", "response.records.pointer", "/data",
                        "http.params", "limit=50"),
                "link", props("/link", "pagination.type", "link", "http.params", "limit=50"),
                "page", props("/pages", "pagination.type", "page", "pagination.limit.param", "per_page",
                        "pagination.limit", "50", "response.records.pointer", "/items"),
                "offset", props("/offset", "pagination.type", "offset", "pagination.limit.param", "limit",
                        "pagination.limit", "50", "response.records.pointer", "/items", "output", "map"));
        for (Map.Entry<String, Map<String, String>> style : styles.entrySet()) {
            offsets.clear();
            HttpSourceTask task = task(style.getValue());
            assertThat(FakeApi.ids(pollFor(task, 230))).as(style.getKey()).isEqualTo(range(0, 230));
            assertThat(pollFor(task, 1)).as(style.getKey() + ": nothing new, nothing again").isEmpty();
            task.stop();
        }
        assertThat(api.requests).anyMatch(r -> r.startsWith("/link?after=200&limit=50"));
        assertThat(api.requests).anyMatch(r -> r.equals("/pages?page=5&per_page=50"));
        assertThat(api.requests).anyMatch(r -> r.equals("/offset?offset=200&limit=50"));
    }

    @Test
    void incrementalPollingDropsTheOverlapOfAnInclusiveSince() throws Exception {
        api.add(40);
        for (int i = 0; i < 3; i++) {   // three records share the last timestamp
            api.addRecord(40 + i, FakeApi.EPOCH.plusSeconds(39).toString());
        }
        HttpSourceTask task = task(props("/since", "http.params", "since=${offset.timestamp},limit=20",
                "incremental.pointer", "/updated_at", "incremental.id.pointer", "/id",
                "incremental.initial", "2000-01-01T00:00:00Z", "output", "string"));
        assertThat(FakeApi.ids(pollFor(task, 43))).isEqualTo(range(0, 43));
        assertThat(pollFor(task, 1)).as("the records at the watermark come back from the API, and are dropped")
                .isEmpty();
        api.addRecord(43, FakeApi.EPOCH.plusSeconds(39).toString());   // late, at the same timestamp
        api.add(5);
        assertThat(FakeApi.ids(pollFor(task, 6))).isEqualTo(range(43, 49));
        assertThat(api.requests).anyMatch(r -> r.contains("since=2026-01-01T00%3A00%3A39Z"));
    }

    @Test
    void aRestartResumesAfterTheLastCommittedRecordMidPage() throws Exception {
        api.add(120);
        Map<String, String> props = props("/cursor", "pagination.type", "cursor", "pagination.cursor.pointer",
                "/meta/next_cursor", "pagination.param", "cursor", "http.params", "limit=50",
                "response.records.pointer", "/data", "batch.max.records", "1");   // a page per poll
        HttpSourceTask first = task(props);
        List<SourceRecord> page = first.poll();
        assertThat(page).hasSize(50);
        offsets.commit(page.subList(0, 37));   // the worker died after committing 37 of the page's records
        first.stop();

        HttpSourceTask second = task(props);
        assertThat(FakeApi.ids(pollFor(second, 83))).isEqualTo(range(37, 120));
    }

    @Test
    void eachKindOfCredentialsReachesTheServer() throws Exception {
        api.add(3);
        Map<String, String[]> kinds = new java.util.LinkedHashMap<>();
        kinds.put("Basic YWxpY2U6czNjcmV0", new String[] {"auth.type", "basic", "auth.basic.user", "alice",
                "auth.basic.password", "s3cret"});
        kinds.put("Bearer static-token", new String[] {"auth.type", "bearer", "auth.bearer.token", "static-token"});
        for (Map.Entry<String, String[]> kind : kinds.entrySet()) {
            api.authorized = exchange -> kind.getKey().equals(exchange.getRequestHeaders().getFirst("Authorization"));
            offsets.clear();
            assertThat(pollFor(task(props("/link", kind.getValue())), 3)).as(kind.getKey()).hasSize(3);
        }
        api.authorized = exchange -> "k-1".equals(exchange.getRequestHeaders().getFirst("X-Key"));
        offsets.clear();
        assertThat(pollFor(task(props("/link", "auth.type", "api-key", "auth.api.key.name", "X-Key",
                "auth.api.key.value", "k-1")), 3)).hasSize(3);
        api.authorized = exchange -> String.valueOf(exchange.getRequestURI().getQuery()).contains("key=k-2");
        offsets.clear();
        assertThat(pollFor(task(props("/link", "auth.type", "api-key", "auth.api.key.name", "key",
                "auth.api.key.value", "k-2", "auth.api.key.location", "query")), 3)).hasSize(3);
    }

    @Test
    void oauth2TokensAreReusedAndARevokedTokenIsReplacedAfterA401() throws Exception {
        api.add(10);
        api.authorized = exchange -> ("Bearer " + api.validToken.get()).equals(
                exchange.getRequestHeaders().getFirst("Authorization"));
        HttpSourceTask task = task(props("/offset", "pagination.type", "offset", "pagination.limit.param", "limit",
                "pagination.limit", "4", "response.records.pointer", "/items", "auth.type", "oauth2",
                "auth.oauth2.token.url", api.url("/token"), "auth.oauth2.client.id", "app",
                "auth.oauth2.client.secret", "pw", "batch.max.records", "1"));
        assertThat(FakeApi.ids(pollFor(task, 4))).isEqualTo(range(0, 4));
        api.validToken.set("revoked");   // the server no longer takes the token in hand
        assertThat(FakeApi.ids(pollFor(task, 6))).isEqualTo(range(4, 10));
        assertThat(api.tokensIssued.get()).isEqualTo(2);
        assertThat(api.authorizations).contains("Bearer token-1", "Bearer token-2");
    }

    @Test
    void faultsAreRetriedAndNothingIsLostOrRepeated() throws Exception {
        api.add(100);
        api.fault(new Status(500, Map.of()));
        api.fault(new Status(429, Map.of("Retry-After", "1")));
        api.fault(new CloseWithoutAnswer());
        api.fault(new Slow(8_000));   // far beyond the request timeout: an I/O error, retried
        // A timeout generous enough that no good answer meets it, even on a loaded machine.
        Map<String, String> props = props("/offset", "pagination.type", "offset", "pagination.limit.param", "limit",
                "pagination.limit", "25", "response.records.pointer", "/items", "http.request.timeout.ms", "2000",
                "retry.max.attempts", "6");
        HttpSourceTask task = task(props);
        assertThat(FakeApi.ids(pollFor(task, 100))).isEqualTo(range(0, 100));
        assertThat(api.requests.get(0)).isEqualTo(api.requests.get(4)).as("the same page asked for after each fault");
    }

    @Test
    void anUnreadableResponseGoesToTheDeadLetterTopicAndPollingGoesOn() throws Exception {
        api.add(10);
        api.fault(new Garbage("{\"items\": [ {\"id\": 1}, oops"));
        HttpSourceTask task = task(props("/offset", "pagination.type", "offset", "response.records.pointer",
                "/items", "dlq.topic", "items-dlq"));
        List<SourceRecord> first = task.poll();
        assertThat(first).hasSize(1);
        SourceRecord dead = first.get(0);
        assertThat(dead.topic()).isEqualTo("items-dlq");
        assertThat(new String((byte[]) dead.value())).startsWith("{\"items\": [ {\"id\": 1}, oops");
        assertThat(dead.headers().lastWithName(ErrorHeaders.SOURCE_URL).value().toString())
                .isEqualTo(api.url("/offset?offset=0"));
        assertThat(dead.headers().lastWithName(ErrorHeaders.SOURCE_STATUS).value()).isEqualTo(200L);
        assertThat(dead.headers().lastWithName(ErrorHeaders.ERROR_MESSAGE).value().toString())
                .contains("not valid JSON").contains("line 1");
        assertThat(FakeApi.ids(pollFor(task, 10))).isEqualTo(range(0, 10));
    }

    @Test
    void aStatusThatRetryingWillNotHealFailsTheTaskNamingTheEndpoint() {
        HttpSourceTask task = task(props("/nowhere"));
        assertThatThrownBy(task::poll).isInstanceOf(ConnectException.class)
                .hasMessageContaining("Endpoint 'default'").hasMessageContaining("answered 404")
                .hasMessageContaining("no such path /nowhere");
    }

    @Test
    void severalEndpointsInOneTaskKeepTheirOwnPositions() throws Exception {
        api.add(60);
        Map<String, String> props = props("/unused", "endpoints", "pages,links",
                "endpoints.pages.http.url", api.url("/pages"), "endpoints.pages.pagination.type", "page",
                "endpoints.pages.pagination.limit.param", "per_page", "endpoints.pages.pagination.limit", "25",
                "endpoints.pages.response.records.pointer", "/items", "endpoints.pages.topic", "from-pages",
                "endpoints.links.http.url", api.url("/link?limit=40"), "endpoints.links.pagination.type", "link");
        List<SourceRecord> all = pollFor(task(props), 120);
        assertThat(FakeApi.ids(all.stream().filter(r -> r.topic().equals("from-pages")).toList()))
                .isEqualTo(range(0, 60));
        assertThat(FakeApi.ids(all.stream().filter(r -> r.topic().equals("items")).toList())).isEqualTo(range(0, 60));
        assertThat(all.stream().map(SourceRecord::sourcePartition).distinct()).containsExactlyInAnyOrder(
                Map.of("endpoint", "pages"), Map.of("endpoint", "links"));
    }

    @Test
    void aPollHoldsWholePagesUpToTheBatchSize() throws Exception {
        api.add(95);
        HttpSourceTask task = task(props("/offset", "pagination.type", "offset", "pagination.limit.param", "limit",
                "pagination.limit", "20", "response.records.pointer", "/items", "batch.max.records", "50"));
        assertThat(task.poll()).hasSize(60);   // three pages: the third reaches 50
        assertThat(task.poll()).hasSize(35);   // the rest, and the pass ends
        assertThat(task.poll()).isNull();
    }

    @Test
    void ndjsonResponsesAndRecordTimestamps() throws Exception {
        api.add(5);
        List<SourceRecord> records = pollFor(task(props("/ndjson", "response.format", "ndjson",
                "record.timestamp.pointer", "/updated_at", "output", "map")), 5);
        assertThat(FakeApi.ids(records)).isEqualTo(range(0, 5));
        assertThat(records.get(3).timestamp()).isEqualTo(FakeApi.EPOCH.plusSeconds(3).toEpochMilli());
    }

    /** The offsets Connect would have stored: a restarted task sees the last committed record's. */
    static final class Offsets implements OffsetStorageReader {
        private final Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();

        @SuppressWarnings("unchecked")
        synchronized void commit(List<SourceRecord> records) {
            for (SourceRecord record : records) {
                stored.put(Map.copyOf(record.sourcePartition()), new HashMap<>((Map<String, Object>) record.sourceOffset()));
            }
        }

        synchronized void clear() {
            stored.clear();
        }

        @Override
        public synchronized <T> Map<String, Object> offset(Map<String, T> partition) {
            return stored.get(partition);
        }

        @Override
        public synchronized <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
            partitions.forEach(p -> out.put(p, stored.get(p)));
            return out;
        }
    }

    private record Context(OffsetStorageReader offsets) implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return offsets;
        }

        @Override
        public PluginMetrics pluginMetrics() {
            throw new UnsupportedOperationException("no metrics in unit tests");
        }
    }
}
