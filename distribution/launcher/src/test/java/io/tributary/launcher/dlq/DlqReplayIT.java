package io.tributary.launcher.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.launcher.ConnectClient;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead letters of a real pipeline, inspected and replayed after the fix: a file sink validating orders with
 * ValidateSchema ({@code on.invalid=fail}, Connect's {@code errors.deadletterqueue.*} with context headers) in the
 * local stack's worker, the bundle in its plugin path. The schema first refuses the UK shop's currency (GBP) and
 * negative amounts; once it accepts GBP, {@code dlq replay --where shop=uk} sends the UK orders back to the topic the
 * sink reads — through a replay killed mid-transaction and run again — and the sink writes them: every order once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DlqReplayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RAW = "orders-raw";
    private static final String DLQ = "orders-invalid";
    private static final String SINK = "orders-archive";
    private static final int VALID = 200;
    private static final int GBP = 40;
    private static final int NEGATIVE = 10;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"id\",\"amount\",\"currency\"],"
            + "\"properties\":{\"id\":{\"type\":\"integer\"},\"amount\":{\"type\":\"number\",\"minimum\":0},"
            + "\"currency\":{\"enum\":[%s]}}}";

    @TempDir
    static Path dir;

    private LocalStack stack;
    private ConnectClient connect;
    private Path output;
    private final Set<Long> gbpIds = new java.util.HashSet<>();

    @BeforeAll
    void startStackAndDeadLetterTheInvalidOrders() throws Exception {
        Path root = Path.of(System.getProperty("tributary.root")).toAbsolutePath().normalize();
        StackSettings settings = StackSettings.defaults(dir.resolve("stack"),
                        Path.of(System.getProperty("tributary.bundle.zip")),
                        root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withPorts(freePort(), freePort(), freePort());
        stack = LocalStack.start(settings, new PrintStream(new ByteArrayOutputStream()));
        connect = new ConnectClient(stack.restUrl());
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic(RAW, 2, (short) 1), new NewTopic(DLQ, 2, (short) 1))).all().get();
        }
        Map<ProducerRecord<String, String>, java.util.concurrent.Future<?>> sends = new java.util.LinkedHashMap<>();
        // One request in flight, a batch given up after 30 s: see test-support's TestInput for what a freshly
        // created topic did to a producer with five in flight (this module does not use test-support).
        Map<String, Object> input = client();
        input.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        input.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        input.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(input, new StringSerializer(),
                new StringSerializer())) {
            for (long id = 0; id < VALID + GBP + NEGATIVE; id++) {
                boolean gbp = id % 6 == 1 && gbpIds.size() < GBP;
                boolean negative = !gbp && id % 6 == 4 && id < 6L * NEGATIVE;
                String shop = gbp ? "uk" : id % 2 == 0 ? "eu" : "us";
                String order = "{\"id\":" + id + ",\"amount\":" + (negative ? -5 : id % 90) + ",\"currency\":\""
                        + (gbp ? "GBP" : shop.equals("eu") ? "EUR" : "USD") + "\"}";
                if (gbp) {
                    gbpIds.add(id);
                }
                ProducerRecord<String, String> record = new ProducerRecord<>(RAW, String.valueOf(id), order);
                record.headers().add("shop", shop.getBytes(StandardCharsets.UTF_8));
                sends.put(record, producer.send(record));
            }
            // The orders are the test's input, not its subject: a send the broker did not acknowledge is sent again,
            // and the topic must then hold every order once before the sink starts. (One CI run on a loaded machine
            // ended with eight orders neither archived nor dead-lettered, four valid and four invalid — a lost batch
            // of the first orders fits that best. A later clean-clone run showed how a batch is lost: see TestInput.)
            for (Map.Entry<ProducerRecord<String, String>, java.util.concurrent.Future<?>> send : sends.entrySet()) {
                try {
                    send.getValue().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    System.err.println("DlqReplayIT: sending order " + send.getKey().key() + " again after " + e);
                    producer.send(send.getKey()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            }
        }
        assertThat(gbpIds).hasSize(GBP);
        assertThat(readAll(RAW)).as("every order in " + RAW + " once, before the sink starts")
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, VALID + GBP + NEGATIVE)
                        .mapToObj(String::valueOf).toList());
        output = dir.resolve("archive");
        Path schema = Files.writeString(dir.resolve("orders-v1.json"), SCHEMA.formatted("\"EUR\",\"USD\""));
        connect.configure(SINK, sinkConfig(schema));
        connect.awaitRunning(SINK, WAIT);
        await("the valid orders archived and the others dead-lettered",
                () -> archivedIds().size() == VALID && count(DLQ) == GBP + NEGATIVE, this::diagnosis);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void inspectShowsConnectsErrorHeadersAndTheOrderAsJson() throws Exception {
        Output json = dlq("inspect", "--topic", DLQ, "--where", "shop=uk", "--format", "json");
        assertThat(json.code).as(json.err).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : json.out.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(GBP);
        assertThat(lines.stream().map(l -> l.path("value").path("json").path("id").asLong())
                .collect(Collectors.toSet()))
                .isEqualTo(gbpIds);
        JsonNode first = lines.get(0);
        assertThat(first.path("value").path("detected").asText()).isEqualTo("JSON");
        Map<String, String> headers = new HashMap<>();
        first.path("headers").forEach(h -> headers.put(h.path("name").asText(), h.path("value").asText()));
        assertThat(headers).containsEntry("__connect.errors.topic", RAW)
                .containsEntry("__connect.errors.connector.name", SINK)
                .containsEntry("__connect.errors.stage", "TRANSFORMATION")
                .containsEntry("__connect.errors.exception.class.name",
                        "io.tributary.connect.transforms.validate.ValidateSchema$SchemaViolationException")
                .containsEntry("shop", "uk");
        assertThat(json.err).contains(GBP + " dead letters shown of " + (GBP + NEGATIVE) + " read");

        Output text = dlq("inspect", "--topic", DLQ, "--limit", "1", "--from", "0:0,1:0");
        assertThat(text.code).as(text.err).isZero();
        assertThat(text.out).startsWith(DLQ + "  partition ").contains("    __connect.errors.topic = " + RAW)
                .contains("  value    (JSON)").contains("\"currency\":");
        assertThat(text.err).startsWith("1 dead letter shown of 1 read");

        String later = java.time.Instant.now().plus(Duration.ofHours(1)).toString();
        Output none = dlq("inspect", "--topic", DLQ, "--from", later);
        assertThat(none.code).as(none.err).isZero();
        assertThat(none.err).as("a time after every record starts at the end")
                .startsWith("0 dead letters shown of 0 read");
        Output all = dlq("inspect", "--topic", DLQ, "--from", "2000-01-01T00:00:00Z", "--until", later);
        assertThat(all.err).startsWith((GBP + NEGATIVE) + " dead letters shown of " + (GBP + NEGATIVE) + " read");
    }

    @Test
    void replayAfterTheFixSurvivesAKillMidTransactionAndDeliversEveryOrderOnce() throws Exception {
        Path fixed = Files.writeString(dir.resolve("orders-v2.json"), SCHEMA.formatted("\"EUR\",\"USD\",\"GBP\""));
        connect.configure(SINK, sinkConfig(fixed));
        connect.awaitRunning(SINK, WAIT);

        Output dry = dlq("replay", "--topic", DLQ, "--to", RAW, "--where", "shop=uk", "--dry-run");
        assertThat(dry.code).as(dry.err).isZero();
        assertThat(dry.out).contains("Would replay " + GBP + " of " + (GBP + NEGATIVE) + " dead letters read");

        // A replay in its own JVM, five dead letters a transaction, killed while its second transaction is open.
        Process killed = replayProcess("--topic", DLQ, "--to", RAW, "--where", "shop=uk", "--batch", "5");
        Path err = dir.resolve("replay-killed.err");
        await("the replay holding its second transaction open", () -> read(err).contains("holding transaction 2"),
                () -> read(err) + read(dir.resolve("replay-killed.out")));
        killed.destroyForcibly();
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // What the killed run's first transaction committed stays; its open second one is aborted by the rerun.
        int committedBefore = replayedIds().values().stream().mapToInt(Integer::intValue).sum();
        Output rerun = dlq("replay", "--topic", DLQ, "--to", RAW, "--where", "shop=uk");
        assertThat(rerun.code).as(rerun.err).isZero();
        assertThat(rerun.out).as("resumed after the committed transaction")
                .contains("Replayed " + (GBP - committedBefore) + " of ").contains("not matching --where");

        Map<Long, Integer> replayed = replayedIds();
        assertThat(replayed.keySet()).as("every UK order replayed").isEqualTo(gbpIds);
        assertThat(replayed.values()).as("each once (read_committed)").containsOnly(1);
        await("the UK orders archived", () -> archivedIds().size() == VALID + GBP,
                () -> archivedIds().size() + " archived");
        List<Long> archived = archivedIds();
        assertThat(Set.copyOf(archived)).hasSize(VALID + GBP).containsAll(gbpIds);
        assertThat(count(DLQ)).as("nothing dead-lettered again").isEqualTo(GBP + NEGATIVE);

        Output again = dlq("replay", "--topic", DLQ, "--to", RAW, "--where", "shop=uk");
        assertThat(again.code).as(again.err).isZero();
        assertThat(again.out).contains("Replayed 0 of 0 dead letters read");
        assertThat(replayedIds()).isEqualTo(replayed);
        assertThat(count(RAW)).isEqualTo(VALID + GBP + NEGATIVE + GBP);
    }

    @Test
    void inspectDecodesTheBase64ThatJsonConverterMadeOfASourcesDeadLetter() throws Exception {
        try (Admin admin = Admin.create(client())) {
            admin.createTopics(List.of(new NewTopic("intake", 1, (short) 1), new NewTopic("intake-dlq", 1, (short) 1)))
                    .all().get();
        }
        Path input = Files.createDirectories(dir.resolve("intake"));
        Path written = Files.writeString(dir.resolve("orders-1.part"), "{\"id\":1,\"amount\":3,\"currency\":\"EUR\"}\n"
                + "{\"id\":2,\"amount\":\n{\"id\":3,\"amount\":4,\"currency\":\"USD\"}\n");
        Files.move(written, input.resolve("orders-1.jsonl"));
        connect.configure("intake", new HashMap<>(Map.of(
                "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                "topic", "intake",
                "dlq.topic", "intake-dlq",
                "file.path", input.toString(),
                "file.glob", "*.jsonl",
                "file.min.age.ms", "0",
                "file.scan.interval.ms", "200",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false")));
        await("the broken line dead-lettered", () -> count("intake-dlq") == 1, () -> count("intake-dlq") + "");

        Output text = dlq("inspect", "--topic", "intake-dlq");
        assertThat(text.code).as(text.err).isZero();
        assertThat(text.out).contains("  value    (JSON string > base64 > text)\n    {\"id\":2,\"amount\":\n")
                .contains("    tributary.source.line = 2\n").contains("    tributary.connector = intake\n")
                .contains("    tributary.error.stage = ");
    }

    @Test
    void aMissingTopicAnUnreachableClusterOrBadArgumentsGetClearExitCodes() throws IOException {
        Output missing = dlq("inspect", "--topic", "no-such-topic");
        assertThat(missing.code).isEqualTo(DlqCommand.FAILED);
        assertThat(missing.err).contains("there is no topic 'no-such-topic'");
        List<String> closed = List.of("inspect", "--topic", DLQ, "--bootstrap", "127.0.0.1:" + closedPort());
        Output unreachable = dlq(closed.toArray(String[]::new));
        assertThat(unreachable.code).isEqualTo(DlqCommand.FAILED);
        assertThat(unreachable.err).contains("no answer from Kafka at 127.0.0.1:");
        Output same = dlq("replay", "--topic", DLQ, "--to", DLQ);
        assertThat(same.code).isEqualTo(DlqCommand.USAGE);
        Output where = dlq("inspect", "--topic", DLQ, "--where", "shop");
        assertThat(where.code).isEqualTo(DlqCommand.USAGE);
        assertThat(where.err).contains("--where takes header=value");
    }

    private Map<String, String> sinkConfig(Path schema) {
        Map<String, String> config = new HashMap<>(Map.of(
                "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                "tasks.max", "1",
                "topics", RAW,
                "file.path", output.toString(),
                "rotate.records", "20",
                "rotate.interval.ms", "1000",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false",
                "key.converter", "org.apache.kafka.connect.storage.StringConverter"));
        config.put("consumer.override.isolation.level", "read_committed");
        config.put("transforms", "validate");
        config.put("transforms.validate.type", "io.tributary.connect.transforms.validate.ValidateSchema$Value");
        config.put("transforms.validate.schema.file", schema.toString());
        config.put("transforms.validate.on.invalid", "fail");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", DLQ);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    private record Output(int code, String out, String err) {
    }

    private Output dlq(String... args) {
        List<String> line = new ArrayList<>(List.of("dlq", args[0]));
        if (!List.of(args).contains("--bootstrap")) {
            line.addAll(List.of("--bootstrap", stack.bootstrapServers()));
        }
        line.addAll(List.of(args).subList(1, args.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DlqCommand.run(line.toArray(String[]::new), 1, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Process replayProcess(String... args) throws IOException {
        Path launcher = Path.of(System.getProperty("tributary.launcher.dir"));
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-D" + Replay.HOLD_PROPERTY + "=2", "-Dtributary.log.file=" + dir.resolve("replay.log"),
                "-cp", launcher.resolve("tributary-launcher.jar") + File.pathSeparator + launcher.resolve("lib") + "/*",
                "io.tributary.launcher.Main", "dlq", "replay", "--bootstrap", stack.bootstrapServers()));
        line.addAll(List.of(args));
        return new ProcessBuilder(line).redirectOutput(dir.resolve("replay-killed.out").toFile())
                .redirectError(dir.resolve("replay-killed.err").toFile()).start();
    }

    /**
     * What a failed wait for the first pass saw, to tell a stuck task from a slow dead-letter producer or an archive
     * file not yet committed: the counts, the ids missing from the archive and from the dead-letter topic, the task's
     * state, and the worker log's last warnings about the sink or its dead-letter producer (a run in CI once stopped at
     * 196 archived and 46 dead letters, which no stop of the task's consumer explains; nothing else was kept).
     */
    private String diagnosis() {
        Set<Long> archived = Set.copyOf(archivedIds());
        Set<Long> dead = new java.util.HashSet<>();
        readAll(DLQ).forEach(r -> dead.add(Long.parseLong(new String(r.key(), StandardCharsets.UTF_8))));
        List<Long> notArchived = new ArrayList<>();
        List<Long> notDead = new ArrayList<>();
        for (long id = 0; id < VALID + GBP + NEGATIVE; id++) {
            boolean valid = !gbpIds.contains(id) && !(id % 6 == 4 && id < 6L * NEGATIVE);
            if (valid && !archived.contains(id)) {
                notArchived.add(id);
            } else if (!valid && !dead.contains(id)) {
                notDead.add(id);
            }
        }
        String tasks;
        try {
            tasks = connect.taskStates(SINK);
        } catch (IOException | InterruptedException | RuntimeException e) {
            tasks = "unknown (" + e + ")";
        }
        return archived.size() + " archived, " + dead.size() + " dead letters, " + count(RAW) + " in " + RAW
                + "; not archived " + notArchived + ", not dead-lettered " + notDead + "; tasks " + tasks
                + "; worker log: " + workerWarnings();
    }

    /** The last warnings and errors of this JVM's log (the launcher's log4j2.xml) about the sink or its producer. */
    private static String workerWarnings() {
        Path log = Path.of(System.getProperty("tributary.log.file", "tributary.log"));
        try (Stream<String> lines = Files.lines(log)) {
            List<String> hits = lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .filter(l -> l.contains(SINK) || l.contains("dlq"))
                    .map(l -> l.length() > 300 ? l.substring(0, 300) : l).toList();
            return hits.isEmpty() ? "no warnings" : hits.subList(Math.max(0, hits.size() - 4), hits.size()).toString();
        } catch (IOException | java.io.UncheckedIOException e) {
            return "not readable (" + e + ")";
        }
    }

    /** The ids of the orders in committed (visible) archive files. */
    private List<Long> archivedIds() {
        List<Long> ids = new ArrayList<>();
        Path topicDir = output.resolve(RAW);
        if (!Files.isDirectory(topicDir)) {
            return ids;
        }
        try (Stream<Path> files = Files.walk(topicDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(RAW + "\\+\\d+\\+\\d{20}\\.jsonl"))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    ids.add(JSON.readTree(line).path("id").asLong());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    /** The ids of the records in the raw topic that a replay sent, with how often each is there. */
    private Map<Long, Integer> replayedIds() throws IOException {
        Map<Long, Integer> ids = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(RAW)) {
            Header source = record.headers().lastHeader(Replay.REPLAY_SOURCE_TOPIC);
            if (source != null) {
                assertThat(new String(source.value(), StandardCharsets.UTF_8)).isEqualTo(DLQ);
                assertThat(record.headers().lastHeader("__connect.errors.topic")).as("provenance kept").isNotNull();
                ids.merge(JSON.readTree(record.value()).path("id").asLong(), 1, Integer::sum);
            }
        }
        return ids;
    }

    private long count(String topic) {
        return readAll(topic).size();
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> config = client();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = Clients.consumer(config, null, 500)) {
            List<TopicPartition> partitions = Clients.partitions(config, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private Map<String, Object> client() {
        return new HashMap<>(Map.of("bootstrap.servers", stack.bootstrapServers()));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what + " (" + state.get() + ")");
            }
            Thread.sleep(250);
        }
    }

    /** A loopback port nothing listens on (chosen, then closed): connections to it are refused. */
    private static int closedPort() throws IOException {
        return freePort();
    }

    /**
     * A free loopback port below the kernel's ephemeral range, as PrometheusScrapeIT's (the launcher has no
     * test-support and its LoopbackPorts): the broker, controller and REST server bind it seconds later.
     */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, 32_768);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free loopback port between 10000 and 32767 after 200 tries");
    }
}
