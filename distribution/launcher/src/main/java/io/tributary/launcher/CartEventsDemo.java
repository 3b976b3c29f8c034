package io.tributary.launcher;

import io.tributary.generator.GenerationStats;
import io.tributary.generator.GeneratorRun;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import io.tributary.generator.cart.CartEventGenerator;
import io.tributary.generator.sink.HttpSink;
import io.tributary.launcher.clickhouse.ClickHouseDdl;
import io.tributary.launcher.clickhouse.ClickHouseRetention;
import io.tributary.launcher.security.Principals;
import io.tributary.processor.config.JobSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code tributary demo --pipeline cart-events}: the seed pipeline of connector-configs/pipelines/cart-events/ on a
 * fresh local stack. Generated cart events are posted to the HTTP listener, which writes each well-formed one as
 * received to cart-events-raw (and malformed lines to cart-events-dlq); the processor's jobs
 * (connector-configs/processor/cart-events.yaml) validate them into cart-events-validated, then drop repeats and
 * enrich them from Redis (shopper profiles, store configs) into cart-events-enriched, dead-lettering invalid events
 * and those of unknown or closed stores into cart-events-dlq; ClickHouse sinks fill events_raw, events_processed
 * and events_errors. The demo seeds Redis, makes the tables as the server's version allows (table TTL from 19.6,
 * else the retention command's partition drops), waits until every stage holds what the generator sent, and prints
 * a summary that fails, naming counts and event ids, when anything does not reconcile.
 */
final class CartEventsDemo {

    static final String RAW = "cart-events-raw";
    static final String VALIDATED = "cart-events-validated";
    static final String ENRICHED = "cart-events-enriched";
    static final String DLQ = "cart-events-dlq";
    static final List<String> TOPICS = List.of(RAW, VALIDATED, ENRICHED, DLQ);
    static final String PIPELINE = "connector-configs/pipelines/cart-events";
    static final String CONFIG = "connector-configs/processor/cart-events.yaml";
    static final String TABLES_SQL = PIPELINE + "/clickhouse/tables.sql";
    /** The listener's port, as in connector-configs/pipelines/cart-events/10-http-listener.json. */
    static final int LISTENER_PORT = 8087;
    static final String DATABASE = "tributary_cart_events";
    /** Topic → the table its sink fills (connector-configs/pipelines/cart-events/with-clickhouse/). */
    static final Map<String, String> TABLES = Map.of(RAW, "events_raw", ENRICHED, "events_processed", DLQ,
            "events_errors");
    /** The column of each table the event id is read from (raw JSON, or the id itself). */
    private static final Map<String, String> ID_COLUMNS = Map.of("events_raw", "raw", "events_processed", "eventId",
            "events_errors", "payload");
    static final int RETENTION_MONTHS = 18;
    /** The Redis key prefix of cart-events.yaml's lookups. */
    static final String REDIS_PREFIX = "tributary-cart-events:";
    private static final int USERS = 1_000;
    private static final int USERS_WITH_PROFILE = 950;
    /** s-000 to s-049: the first 45 open, 3 closed, the last 2 without a config (unknown). */
    static final int STORES = 50;
    private static final int OPEN_STORES = 45;
    private static final int CLOSED_STORES = 3;

    private final DemoSteps steps;
    private final PrintStream out;
    private long lastProgress;

    CartEventsDemo(DemoSteps steps) {
        this.steps = steps;
        this.out = steps.out();
    }

    int run(long events, double rate) throws IOException, InterruptedException {
        Path root = steps.root();
        // Everything that can refuse comes first: a hand-run cart-events pipeline holds the listener's port, and its
        // Redis keys and ClickHouse database are the ones the demo overwrites and drops below.
        steps.requireFree(LISTENER_PORT, "HTTP listener");
        for (String file : List.of(CONFIG, TABLES_SQL)) {
            if (!Files.isRegularFile(root.resolve(file))) {
                throw new IOException(root.resolve(file) + " is missing: the cart-events pipeline needs it");
            }
        }
        Path demo = steps.freshDirectory();
        long started = System.nanoTime();
        out.printf("Tributary demo, pipeline cart-events: %,d cart events%s: HTTP -> cart-events-raw -> validate -> "
                        + "dedup, enrich from Redis, rules -> cart-events-enriched; dead letters in cart-events-dlq; "
                        + "ClickHouse%n", events,
                rate > 0 ? String.format(Locale.ROOT, " at %,.0f/s", rate) : "");
        if (!RedisSeed.answers("127.0.0.1", 6379)) {
            throw new IOException("Redis is not answering on 127.0.0.1:6379 (./tributary services start redis): the "
                    + "cart-events pipeline looks shoppers and stores up there");
        }
        Set<String> profiles = Demo.users(USERS_WITH_PROFILE);
        Set<String> open = stores(0, OPEN_STORES);
        Set<String> closed = stores(OPEN_STORES, OPEN_STORES + CLOSED_STORES);
        seedRedis(profiles, open, closed);
        ClickHouseCheck clickHouse = new ClickHouseCheck();
        boolean withClickHouse = steps.freshClickHouseDatabase(clickHouse, DATABASE, "the raw, processed and "
                + "dead-lettered events");
        if (withClickHouse) {
            createTables(clickHouse, root.resolve(TABLES_SQL));
        }
        try (LocalStack stack = steps.startStack(demo, started)) {
            DemoSteps.createTopics(stack.clientConfig(Principals.DEMO), TOPICS);
            ConnectClient connect = new ConnectClient(stack.restUrl());
            List<String> connectors = new ArrayList<>();
            connectors.add(steps.applyConnector(connect, root.resolve(PIPELINE + "/10-http-listener.json")));
            long processorStart = System.nanoTime();
            DeadLetterKinds deadLetters = new DeadLetterKinds(DLQ);
            BulkOrders bulk = new BulkOrders();
            try (DemoProcessor processor = DemoProcessor.start(root, CONFIG, demo.resolve("processor-state"),
                    stack.clientConfig(Principals.PROCESSOR), 0);
                 TopicCounter topics = new TopicCounter(stack.clientConfig(Principals.DEMO), TOPICS,
                         TopicCounter.containing("\"user\":{"), record -> {
                             deadLetters.observe(record);
                             bulk.observe(record);
                         }, true)) {
                steps.stops().add(DemoProcessor.STOP_STEP, processor::close);
                out.printf("  stateful processor %s (%s), ops http://127.0.0.1:%d/metrics (%.1f s)%n", processor.state(),
                        processor.configFile(), processor.httpPort(), DemoSteps.seconds(processorStart));
                if (withClickHouse) {
                    for (String sink : List.of("30-clickhouse-raw.json", "31-clickhouse-processed.json",
                            "32-clickhouse-errors.json")) {
                        connectors.add(steps.applyConnector(connect, root.resolve(PIPELINE + "/with-clickhouse/" + sink)));
                    }
                }
                long generationStart = System.nanoTime();
                try (HttpSink http = new HttpSink(URI.create("http://127.0.0.1:" + LISTENER_PORT + "/events/batch"), 500)) {
                    CartExpectations expected = new CartExpectations(http, profiles, open, closed);
                    GeneratorSettings generation = new GeneratorSettings(events, rate, 0.02, 0.01, 0, 0.01, 0.05, USERS,
                            42L, null);
                    GenerationStats stats = GeneratorRun.run(new CartEventGenerator(generation, STORES, Instant.now()),
                            rate, expected, s -> progress(s.total(), topics));
                    out.printf("  generated %,d cart events in %.1f s, posted to the HTTP listener in %,d requests (all "
                            + "acknowledged)%n", stats.total(), DemoSteps.seconds(generationStart), http.requests());
                    return reconcile(stats, expected, topics, deadLetters, bulk, processor, connect, connectors,
                            withClickHouse ? clickHouse : null, generationStart,
                            new Unreconciled(demo, out, stack.clientConfig(Principals.DEMO)));
                }
            }
        }
    }

    private int reconcile(GenerationStats stats, CartExpectations expected, TopicCounter topics,
                          DeadLetterKinds deadLetters, BulkOrders bulk, DemoProcessor processor, ConnectClient connect,
                          List<String> connectors, ClickHouseCheck clickHouse, long generationStart,
                          Unreconciled unreconciled) throws IOException, InterruptedException {
        steps.awaitStages(stats.total(), () -> {
            List<Demo.Stage> stages = new ArrayList<>();
            for (String topic : TOPICS) {
                stages.add(new Demo.Stage(topic.substring("cart-events-".length()), topics.count(topic),
                        expected.expected(topic)));
            }
            if (clickHouse != null) {
                TABLES.forEach((topic, table) -> stages.add(new Demo.Stage(table, clickHouse.count(DATABASE, table),
                        expected.expected(topic))));
            }
            return stages;
        });
        double elapsed = DemoSteps.seconds(generationStart);
        out.println();
        out.println("Summary");
        out.printf("  events generated         %,10d  (valid %,d, duplicate %,d, invalid %,d, malformed %,d)%n",
                stats.total(), stats.count(Quality.VALID), stats.count(Quality.DUPLICATE), stats.count(Quality.INVALID),
                stats.count(Quality.MALFORMED));
        DemoSummary summary = new DemoSummary(out);
        summary.line("received", topics.count(RAW), expected.expected(RAW), "in " + RAW + " (repeats and invalid "
                + "events included; malformed lines are not events)");
        summary.line("validated", topics.count(VALIDATED), expected.expected(VALIDATED), "in " + VALIDATED
                + " (job 'validate', cart-event.schema.json)");
        JobSpec.Dedup dedup = processor.dedup();
        summary.line("repeats dropped", topics.count(VALIDATED) - (topics.count(ENRICHED) + dropsBeyondDedup(deadLetters)),
                expected.repeats(), "by job '" + dedup.name() + "' (event id, " + dedup.retention().toMinutes()
                        + " min of event time)");
        summary.line("enriched", topics.count(ENRICHED), expected.expected(ENRICHED), "in " + ENRICHED);
        summary.line("  with a profile", topics.marked(ENRICHED), expected.withProfile(), "user_profile:<userId> "
                + "found in Redis");
        summary.line("  tagged bulk-order", bulk.count(), expected.bulkOrders(), "checkouts of 10 or more (rule "
                + "'bulk-order', header tributary.tags)");
        summary.line("dead-lettered", topics.count(DLQ), expected.expected(DLQ), "in " + DLQ);
        for (String[] stage : new String[][] {
                {CartExpectations.LISTENER_STAGE, "malformed lines (the HTTP listener)"},
                {CartExpectations.VALIDATE_STAGE, "broke the schema (job 'validate')"},
                {CartExpectations.ENRICH_STAGE, "unknown store: no store_config (job 'enrich')"},
                {CartExpectations.RULES_STAGE, "closed store (job 'enrich', rule 'closed-store')"}}) {
            summary.line("  stage " + stage[0], deadLetters.stage(stage[0]), expected.deadLetters(stage[0]), stage[1]);
        }
        long otherStages = topics.count(DLQ) - List.of(CartExpectations.LISTENER_STAGE, CartExpectations.VALIDATE_STAGE,
                CartExpectations.ENRICH_STAGE, CartExpectations.RULES_STAGE).stream().mapToLong(deadLetters::stage).sum();
        summary.line("  other stages", otherStages, 0, "dead letters of any other stage (seen: "
                + deadLetters.stages() + ")");
        // Equal counts can hide a repeat and a loss in the same topic: the ids must agree as well.
        Set<String> idsOff = new LinkedHashSet<>();
        for (String topic : TOPICS) {
            String mismatch = idMismatch(topic, expected.ids(topic), topics.ids(topic));
            if (mismatch != null) {
                idsOff.add(topic);
                out.printf("  event ids                %s%n", mismatch);
                summary.fail(mismatch);
            }
        }
        if (idsOff.isEmpty()) {
            out.printf("  event ids                agree: each topic holds the ids sent to it, each as often%n");
        }
        Set<String> tablesOff = new LinkedHashSet<>();
        if (clickHouse != null) {
            out.printf("  ClickHouse (database %s, exactly-once sinks): rows%n", DATABASE);
            for (String topic : TOPICS) {
                String table = TABLES.get(topic);
                if (table != null) {
                    summary.line("  " + table, clickHouse.count(DATABASE, table), topics.count(topic),
                            "records in " + topic);
                }
            }
            // As for the topics: equal row counts can hide a repeat and a loss in the same table.
            for (String topic : TOPICS) {
                String table = TABLES.get(topic);
                if (table != null) {
                    String mismatch = clickHouseIdMismatch(clickHouse, table, topics.ids(topic));
                    if (mismatch != null) {
                        tablesOff.add(table);
                        out.printf("  event ids                %s%n", mismatch);
                        summary.fail(mismatch);
                    }
                }
            }
            if (tablesOff.isEmpty()) {
                out.printf("  event ids                agree: each table holds its topic's event ids, each as often%n");
            }
            reconcileErrorColumns(clickHouse, expected, summary);
            summary.line("  tags bulk-order", rows(clickHouse, "events_processed WHERE tags LIKE '%bulk-order%'"),
                    expected.bulkOrders(), "events_processed rows, column tags (HeaderToField from tributary.tags)");
            retention(clickHouse);
        }
        out.printf(Locale.ROOT, "  elapsed                  %10.1f s (%,.0f events/s from first event to last result)%n",
                elapsed, stats.total() / elapsed);
        summary.checkTasks(connect, connectors);
        if (!summary.reconciled()) {
            out.println("Unreconciled events (by event id; every id in " + "unreconciled-<line>.txt under "
                    + "$TRIBUTARY_HOME/demo)");
            for (String topic : TOPICS) {
                if (topics.count(topic) != expected.expected(topic) || idsOff.contains(topic)) {
                    unreconciled.name(topic, () -> expected.ids(topic), () -> unreconciled.topic(topic));
                }
                String table = TABLES.get(topic);
                if (clickHouse != null && table != null && (tablesOff.contains(table)
                        || clickHouse.count(DATABASE, table) != topics.count(topic))) {
                    unreconciled.name("clickhouse-" + table, () -> unreconciled.topic(topic), () -> Unreconciled
                            .clickHouseIds(clickHouse, DATABASE + "." + table, ID_COLUMNS.get(table)));
                }
            }
        }
        return summary.verdict();
    }

    /**
     * Null when {@code found} holds the ids of {@code expected}, each as often (in any order); else what differs. A
     * count alone would let a repeat and a loss in the same topic cancel out.
     */
    static String idMismatch(String topic, Iterable<String> expected, Iterable<String> found) {
        EventIdDiff diff = EventIdDiff.of(expected, found);
        return diff.isEmpty() ? null : String.format(Locale.ROOT, "%s: %,d event ids expected and missing, %,d there "
                + "unexpectedly", topic, diff.missing().size(), diff.unexpected().size());
    }

    /** Null when {@code table}'s rows carry the topic's event ids, each as often; else what differs. */
    private static String clickHouseIdMismatch(ClickHouseCheck clickHouse, String table, List<String> topicIds) {
        List<String> rows;
        try {
            rows = Unreconciled.clickHouseIds(clickHouse, DATABASE + "." + table, ID_COLUMNS.get(table));
        } catch (IOException e) {
            return table + ": its event ids could not be read (" + e.getMessage() + ")";
        }
        // A record without an event id is named by its offset in the topic; a row without one cannot be.
        List<String> expected = topicIds.stream().map(id -> id.startsWith("(no event id") ? "(no event id)" : id)
                .toList();
        return idMismatch("ClickHouse " + table, expected, rows);
    }

    /**
     * First occurrences that left the enrich job other than into cart-events-enriched: the dead letters of unknown and
     * closed stores, so that what is left of cart-events-validated is the repeats it dropped. (Any dead letter of
     * another stage fails the "other stages" line.)
     */
    private static long dropsBeyondDedup(DeadLetterKinds deadLetters) {
        return deadLetters.stage(CartExpectations.ENRICH_STAGE) + deadLetters.stage(CartExpectations.RULES_STAGE);
    }

    /** The error headers became columns: events_errors counted by error_stage, as the topic's headers were. */
    private void reconcileErrorColumns(ClickHouseCheck clickHouse, CartExpectations expected, DemoSummary summary) {
        for (String stage : List.of(CartExpectations.LISTENER_STAGE, CartExpectations.VALIDATE_STAGE,
                CartExpectations.ENRICH_STAGE, CartExpectations.RULES_STAGE)) {
            summary.line("    " + stage, rows(clickHouse, "events_errors WHERE error_stage = '" + stage + "'"),
                    expected.deadLetters(stage), "events_errors rows with error_stage " + stage);
        }
        long withMessage = rows(clickHouse, "events_errors WHERE error_message != '' AND error_class != ''");
        summary.line("    with a message", withMessage, expected.expected(DLQ), "events_errors rows with error_message "
                + "and error_class");
    }

    private static long rows(ClickHouseCheck clickHouse, String tableAndWhere) {
        try {
            return Long.parseLong(clickHouse.query("SELECT count() FROM " + DATABASE + "." + tableAndWhere));
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Applies tables.sql as the server's version allows: with table TTL from 19.6, without before. */
    private void createTables(ClickHouseCheck clickHouse, Path sql) throws IOException, InterruptedException {
        String version = clickHouse.version();
        int statements = ClickHouseDdl.apply(clickHouse, sql);
        out.printf("  %s: %d statements (%s)%n", steps.root().relativize(sql), statements,
                ClickHouseDdl.hasTableTtl(version) ? "tables keep " + RETENTION_MONTHS + " months by table TTL"
                        : "ClickHouse " + version + " has no table TTL (19.6+): TTL clauses left out; retention by "
                        + "./tributary clickhouse retention");
    }

    /** On a server without table TTL, the retention command's run, once (it drops nothing from a fresh database). */
    private void retention(ClickHouseCheck clickHouse) throws IOException, InterruptedException {
        if (ClickHouseDdl.hasTableTtl(clickHouse.version())) {
            out.printf("  retention                %s%n", "table TTL, " + RETENTION_MONTHS + " months");
            return;
        }
        ClickHouseRetention.Result result = ClickHouseRetention.apply(clickHouse, DATABASE, RETENTION_MONTHS,
                LocalDate.now(ZoneOffset.UTC), false);
        out.printf("  retention                %,10d  partitions dropped, before %s (./tributary clickhouse retention "
                        + "--database %s --months %d; %d monthly tables)%n", result.dropped().size(),
                result.oldestKept(), DATABASE, RETENTION_MONTHS, result.tables().size());
    }

    private void seedRedis(Set<String> profiles, Set<String> open, Set<String> closed) throws IOException {
        RedisSeed.set("127.0.0.1", 6379, Demo.profileEntries(profiles, REDIS_PREFIX + "user_profile:"));
        Map<String, Map<String, String>> configs = new LinkedHashMap<>();
        for (String store : open) {
            configs.put(REDIS_PREFIX + "store_config:" + store, storeConfig(store, "open"));
        }
        for (String store : closed) {
            configs.put(REDIS_PREFIX + "store_config:" + store, storeConfig(store, "closed"));
        }
        List<String> unknown = new ArrayList<>();
        for (int n = OPEN_STORES + CLOSED_STORES; n < STORES; n++) {
            unknown.add(REDIS_PREFIX + "store_config:" + CartEventGenerator.storeId(n));
        }
        RedisSeed.hashes("127.0.0.1", 6379, configs, unknown);
        out.printf("  Redis on 127.0.0.1:6379: %d shopper profiles (JSON at %suser_profile:<userId>), %d store configs "
                        + "(hashes at %sstore_config:<storeId>: %d open, %d closed; %d stores have none)%n",
                profiles.size(), REDIS_PREFIX, configs.size(), REDIS_PREFIX, open.size(), closed.size(), unknown.size());
    }

    private static Map<String, String> storeConfig(String store, String status) {
        int n = Integer.parseInt(store.substring(2));
        String[] regions = {"EU", "US", "UK", "APAC"};
        String[] currencies = {"EUR", "USD", "GBP", "JPY"};
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", "Store " + n);
        config.put("region", regions[n % 4]);
        config.put("currency", currencies[n % 4]);
        config.put("status", status);
        return config;
    }

    private static Set<String> stores(int from, int to) {
        Set<String> stores = new LinkedHashSet<>();
        for (int n = from; n < to; n++) {
            stores.add(CartEventGenerator.storeId(n));
        }
        return stores;
    }

    /** One line a second at most while generating. */
    private void progress(long generated, TopicCounter topics) {
        if (System.nanoTime() - lastProgress < 900_000_000L) {
            return;
        }
        lastProgress = System.nanoTime();
        out.printf(Locale.ROOT, "  generated %,9d | raw %,9d | validated %,9d | enriched %,9d | dead letters %,7d%n",
                generated, topics.count(RAW), topics.count(VALIDATED), topics.count(ENRICHED), topics.count(DLQ));
    }

    /** Counts the enriched records tagged bulk-order by the rules (header tributary.tags), on the counter's thread. */
    static final class BulkOrders {
        private final AtomicLong count = new AtomicLong();

        void observe(ConsumerRecord<byte[], byte[]> record) {
            if (!record.topic().equals(ENRICHED)) {
                return;
            }
            Header tags = record.headers().lastHeader("tributary.tags");
            if (tags != null && new String(tags.value(), StandardCharsets.UTF_8).contains("bulk-order")) {
                count.incrementAndGet();
            }
        }

        long count() {
            return count.get();
        }
    }
}
