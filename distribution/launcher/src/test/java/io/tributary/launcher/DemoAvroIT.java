package io.tributary.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary demo --avro} as the script runs it (the launcher in its own JVM, the bundle in the worker's plugin
 * path, connector-configs/pipelines/demo-avro/ created through the REST API) against the real schema registry
 * (Apicurio Registry, TRIBUTARY_REGISTRY_URL or 127.0.0.1:8081): every event reconciled with Avro on every topic,
 * Avro files counted with Avro's reader, invalid events split by their dead letters' headers between ValidateSchema
 * and the sources, and no subject given more than one version during the run. Uses the JSON demo's ports
 * (8088/8089): never run beside DemoIT.
 */
class DemoAvroIT {

    @TempDir
    Path home;

    @Test
    void theAvroDemoAccountsForEveryEvent() throws Exception {
        String registry = System.getenv().getOrDefault("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081");
        assertThat(new RegistryCheck(java.net.URI.create(registry)).answers())
                .as("the schema registry answers at %s (./tributary services start registry)", registry).isTrue();
        String printed = DemoProcess.runAndReconcile(home, Map.of("TRIBUTARY_REGISTRY_URL", registry), "--avro",
                "--events", "20000", "--rate", "10000");
        assertThat(printed).contains("events generated             20,000")
                .contains("stateful processor (connector-configs/processor/demo-avro.yaml)");
        // Each count is reconciled (" = ") and non-zero: every kind of event is present in a run this size, including
        // invalid events on both sides (a missing user id does not fit event.avsc; a bad time or a negative amount
        // does, and fails the JSON Schema).
        for (String count : List.of("dead-lettered, malformed", "dead-lettered, invalid", "in events-invalid",
                "in events-dlq", "validated and routed", "enriched", "records in output files", "repeats dropped",
                "unique events", "per-type-1m", "user-sessions")) {
            assertThat(printed).as(printed).containsPattern(count + " +[1-9][\\d,]* += ");
        }
        assertThat(printed).containsPattern("records in output files +[\\d,]+ += +\\d+ Avro files");
        // Every Avro topic's records carry ids of registered versions, and no subject got more than one version.
        Matcher subjects = Pattern.compile("\\n    (\\S+-value|tributary-demo-event) +(\\d+) versions? +\\((\\d+) during the demo\\)")
                .matcher(printed);
        int seen = 0;
        while (subjects.find()) {
            seen++;
            assertThat(Integer.parseInt(subjects.group(3))).as("versions of %s during the demo", subjects.group(1))
                    .isLessThanOrEqualTo(1);
        }
        assertThat(seen).as("subjects listed in:%n%s", printed).isGreaterThanOrEqualTo(5);
        for (String topic : List.of("events-payments", "events-iot", "events-clicks", "events-invalid", "events-dlq",
                "agg-per-type-1m", "agg-user-sessions")) {
            assertThat(printed).containsPattern("records of " + topic + " +carry the id of \\S+ v\\d+");
        }
    }
}
