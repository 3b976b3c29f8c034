package io.tributary.launcher;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary demo} as the script runs it: the launcher in its own JVM with its own classpath (no plugin on
 * it), the bundle installed into the worker's plugin path, the demo pipeline created through the REST API from
 * connector-configs/, and every event reconciled — in plaintext and with {@code --secure} (SASL_SSL with SCRAM,
 * mTLS and ACLs: the worker, its connectors' clients, the processor and the demo's clients each log in as their own
 * principal).
 */
class DemoIT {

    @TempDir
    Path home;

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void theDemoPipelineAccountsForEveryEvent(boolean secure) throws Exception {
        List<String> args = new ArrayList<>(List.of("--events", "20000", "--rate", "10000"));
        if (secure) {
            args.add("--secure");
        }
        String printed = DemoProcess.runAndReconcile(home, Map.of(), args.toArray(String[]::new));
        assertThat(printed).contains("events generated             20,000");
        // The summary names each count and reconciles it (" = "); every kind of event is present in a run this size.
        for (String count : List.of("dead-lettered, malformed", "dead-lettered, invalid", "validated and routed",
                "enriched", "records in output files", "repeats dropped", "unique events", "per-type-1m",
                "user-sessions")) {
            assertThat(printed).containsPattern(count + " +[1-9][\\d,]* += ");
        }
    }
}
