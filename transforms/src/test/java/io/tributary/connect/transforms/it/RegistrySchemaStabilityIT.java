package io.tributary.connect.transforms.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.LocalServices;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transform chain of connector-configs (EventTime, EnrichFromRedis on the real Redis, Rules, ProtectFields) on a
 * file source's Structs, written by Apicurio's AvroConverter to the real schema registry: every record matched
 * different rules, half of the lookups missed, yet each subject gets one version for the run; a changed input schema
 * (one more field) gives exactly one more. A sink reading those topics through the AvroConverter with transforms of
 * its own (Rules, ProtectFields) gets one output schema per registered version.
 */
class RegistrySchemaStabilityIT {

    private static final String SCHEMA_V1 = "event_id:string, event_type:string, ts:string, user_id:string?, "
            + "amount:float64?, card:string?, country:string";
    private static final String SCHEMA_V2 = SCHEMA_V1 + ", referrer:string?";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String payments = "payments-" + run;
    private final String clicks = "clicks-" + run;

    @Test
    void eachSubjectGetsOneVersionPerLogicalChange() throws Exception {
        URI registry = LocalServices.registry();
        URI redisUri = LocalServices.redis();
        Path input = Files.createDirectories(dir.resolve("in"));
        try (RedisClient client = RedisClient.create(redisUri.toString());
             StatefulRedisConnection<String, String> redis = client.connect();
             ConnectCluster cluster = ConnectCluster.builder("registry-" + run).start()) {
            for (int user = 0; user < 5; user += 2) {
                redis.sync().set(run + ":user_profile:u-" + user, "{\"tier\": \"gold\", \"country\": \"DE\"}");
            }
            ConnectRest rest = cluster.rest();
            rest.configure("source", source(input, SCHEMA_V1, registry));
            rest.awaitRunning("source", 1, WAIT);
            rest.configure("sink", sink(registry));
            rest.awaitRunning("sink", 1, WAIT);

            int[] counts = writeEvents(input.resolve("first.jsonl"), 0, 200, false);
            awaitTopics(cluster, counts[0], counts[1]);
            assertThat(versionsOfThisRun(registry)).isEqualTo(1);
            awaitSink(counts[0] + counts[1]);
            assertThat(SchemaRecordingSink.SCHEMAS.get(run + "/" + payments)).hasSize(1);
            assertThat(SchemaRecordingSink.SCHEMAS.get(run + "/" + clicks)).hasSize(1);
            checkSinkRecords();

            // The logical change: the source's schema gains a field. Reconfigured through a stop: a loaded
            // clean-clone run wrote the second file while the V1 task still ran (a plain config PUT and a RUNNING
            // status that was the old task's), and the registry got no second version.
            rest.reconfigure("source", source(input, SCHEMA_V2, registry), 1, WAIT);
            int[] more = writeEvents(input.resolve("second.jsonl"), 200, 200, true);
            awaitTopics(cluster, counts[0] + more[0], counts[1] + more[1]);
            assertThat(versionsOfThisRun(registry)).isEqualTo(2);
            awaitSink(counts[0] + counts[1] + more[0] + more[1]);
            assertThat(SchemaRecordingSink.SCHEMAS.get(run + "/" + payments)).hasSize(2);
            assertThat(SchemaRecordingSink.SCHEMAS.get(run + "/" + clicks)).hasSize(2);
            checkSinkRecords();
        }
    }

    private Map<String, String> source(Path input, String schema, URI registry) {
        Map<String, String> config = new HashMap<>(converter(registry));
        config.putAll(Map.of(
                "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                "topic", "raw-" + run, "dlq.topic", "dlq-" + run, "file.path", input.toString(),
                "file.min.age.ms", "0", "file.scan.interval.ms", "200", "format", "json", "output", "struct",
                "output.schema", schema, "output.schema.name", "io.tributary.test.Event"));
        config.putAll(Map.of(
                "transforms", "time,enrich,route,protect",
                "transforms.time.type", "io.tributary.connect.transforms.time.EventTime$Value",
                "transforms.time.timestamp.field", "ts",
                "transforms.time.metadata.mode", "fields",
                "transforms.time.metadata.source", "registry-it",
                "transforms.enrich.type", "io.tributary.connect.transforms.enrich.EnrichFromRedis",
                "transforms.enrich.redis.uri", LocalServices.redis().toString(),
                "transforms.enrich.lookup.key.template", run + ":user_profile:${user_id}",
                "transforms.enrich.target.field", "user",
                "transforms.enrich.fields.include", "tier,country"));
        config.putAll(Map.of(
                "transforms.route.type", "io.tributary.connect.transforms.rules.Rules",
                "transforms.route.match", "all",
                "transforms.route.rules", """
                        [{"name": "large", "priority": 2, "condition": {"field": "amount", "op": ">=", "value": 500},
                          "actions": [{"set": {"field": "review", "value": true}}]},
                         {"name": "payments", "priority": 1, "condition": {"field": "event_type", "op": "=", "value": "payment"},
                          "actions": [{"route": "%s"}]},
                         {"name": "clicks", "condition": {"field": "event_type", "op": "=", "value": "page_view"},
                          "actions": [{"route": "%s"}, {"set": {"field": "channel", "value": "web"}}, {"remove": "card"}]}]
                        """.formatted(payments, clicks),
                "transforms.protect.type", "io.tributary.connect.transforms.protect.ProtectFields$Value",
                "transforms.protect.mask.fields", "card",
                "transforms.protect.mask.keep.last", "4",
                "transforms.protect.hash.fields", "user_id",
                "transforms.protect.hash.key", "registry-it"));
        return config;
    }

    /** A sink reading both topics through the AvroConverter, with transforms of its own. */
    private Map<String, String> sink(URI registry) {
        Map<String, String> config = new HashMap<>(converter(registry));
        config.putAll(Map.of(
                "connector.class", SchemaRecordingSink.class.getName(),
                "recorder", run,
                "topics", payments + "," + clicks,
                "consumer.override.auto.offset.reset", "earliest",
                "transforms", "route,protect",
                "transforms.route.type", "io.tributary.connect.transforms.rules.Rules",
                "transforms.route.rules", """
                        [{"name": "gold", "condition": {"field": "user.tier", "op": "=", "value": "gold"},
                          "actions": [{"set": {"field": "priority", "value": 1}}]}]""",
                "transforms.protect.type", "io.tributary.connect.transforms.protect.ProtectFields$Value",
                "transforms.protect.drop.fields", "country"));
        return config;
    }

    private static Map<String, String> converter(URI registry) {
        return Map.of(
                "value.converter", "io.apicurio.registry.utils.converter.AvroConverter",
                "value.converter.apicurio.registry.url", registry.resolve("/apis/registry/v2").toString(),
                "value.converter.apicurio.registry.auto-register", "true",
                "value.converter.apicurio.registry.find-latest", "true");
    }

    /**
     * Writes {@code count} events: payments and page views in turn, amounts on both sides of the rule's 500, users
     * with a profile in Redis, without one, and none. Returns how many go to payments and to clicks.
     */
    private int[] writeEvents(Path file, int from, int count, boolean withReferrer) throws Exception {
        StringBuilder lines = new StringBuilder();
        int[] counts = new int[2];
        for (int i = from; i < from + count; i++) {
            boolean payment = i % 2 == 0;
            counts[payment ? 0 : 1]++;
            String user = i % 7 == 0 ? "null" : "\"u-" + (i % 5) + "\"";
            lines.append("{\"event_id\": \"e-").append(i).append("\", \"event_type\": \"")
                    .append(payment ? "payment" : "page_view").append("\", \"ts\": \"2026-03-01T00:00:00Z\", ")
                    .append("\"user_id\": ").append(user).append(", \"amount\": ").append((i * 37) % 1000)
                    .append(", \"card\": \"4111111111111111\", \"country\": \"FR\"");
            if (withReferrer) {
                lines.append(", \"referrer\": \"search\"");
            }
            lines.append("}\n");
        }
        Path temporary = file.resolveSibling("." + file.getFileName());
        Files.writeString(temporary, lines);
        Files.move(temporary, file);
        return counts;
    }

    private void awaitTopics(ConnectCluster cluster, int paymentCount, int clickCount) {
        assertThat(TopicReader.readAtLeast(cluster.bootstrapServers(), payments, paymentCount, WAIT))
                .hasSize(paymentCount);
        assertThat(TopicReader.readAtLeast(cluster.bootstrapServers(), clicks, clickCount, WAIT)).hasSize(clickCount);
    }

    private void awaitSink(int expected) {
        Await.until(WAIT, expected + " records at the sink", () -> SchemaRecordingSink.RECORDS
                .getOrDefault(run, List.of()).size() >= expected);
        assertThat(SchemaRecordingSink.RECORDS.get(run)).hasSize(expected);
    }

    /** What the source's and the sink's transforms did is in every record the sink got. */
    private void checkSinkRecords() {
        for (SinkRecord record : SchemaRecordingSink.RECORDS.get(run)) {
            Struct value = (Struct) record.value();
            assertThat(value.schema().field("country")).isNull();
            assertThat(value.getStruct("_ingest").getString("source")).isEqualTo("registry-it");
            boolean click = record.topic().equals(clicks);
            assertThat(value.get("channel")).isEqualTo(click ? "web" : null);
            assertThat(value.get("card")).isEqualTo(click ? null : "************1111");
            Object user = value.get("user");
            int id = Integer.parseInt(value.getString("event_id").substring(2));
            boolean profile = id % 7 != 0 && (id % 5) % 2 == 0;
            assertThat(user == null ? null : ((Map<?, ?>) user).get("tier")).isEqualTo(profile ? "gold" : null);
            assertThat(value.get("priority")).isEqualTo(profile ? 1L : null);
            assertThat(value.get("review")).isEqualTo((id * 37) % 1000 >= 500 ? true : null);
        }
    }

    /**
     * How many versions the registry holds of this run's artifacts ({@code <topic>-value}, group default), summed.
     * Summed because Apicurio's serializer looks a schema up by its content first: both topics carry the same
     * schema (one rule set makes one output schema), so the records of the second topic use the version the first
     * registered and no artifact of its own is made.
     */
    private int versionsOfThisRun(URI registry) throws Exception {
        JsonNode found = get(registry, "/apis/registry/v2/search/artifacts?name=" + run + "&limit=100");
        int versions = 0;
        for (JsonNode artifact : found.path("artifacts")) {
            String id = artifact.path("id").asText();
            assertThat(id).isIn(payments + "-value", clicks + "-value");
            versions += get(registry, "/apis/registry/v2/groups/default/artifacts/" + id + "/versions?limit=1000")
                    .path("count").asInt();
        }
        return versions;
    }

    private static JsonNode get(URI registry, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return ConnectRest.JSON.readTree(response.body());
    }
}
