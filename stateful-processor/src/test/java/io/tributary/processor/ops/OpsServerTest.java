package io.tributary.processor.ops;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tributary.processor.ProcessorApp;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.status.PipelineStatusService;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The operations endpoint without a broker: a Kafka Streams client that is created but not started (so it is alive,
 * not ready), behind each authentication and TLS setting, and its /metrics as Prometheus reads them.
 */
class OpsServerTest {

    private static final String API_KEY = "ops-api-key-7f3a91";
    private static final String JWT_SECRET = "ops-jwt-secret-of-at-least-32-bytes-c2e8";
    private static final String STORE_PASSWORD = "store-pass-51d0";
    private static final String SASL_PASSWORD = "sasl-pass-9b44";
    private static final List<String> SECRETS = List.of(API_KEY, JWT_SECRET, STORE_PASSWORD, SASL_PASSWORD);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void metricsHaveStandardNamesTypesAndTheProcessorJobLabel() throws Exception {
        String base = start("ops-unit-a", "");
        JobMetrics.increment(JobMetrics.Count.DUPLICATES, "ops-unit-a-dedup");
        JobMetrics.increment(JobMetrics.Count.DUPLICATES, "ops-unit-a-dedup");
        PrometheusText metrics = PrometheusText.parse(get(base + "/metrics", Map.of()).body());

        assertThat(metrics.value("processor_duplicates_dropped_total", Map.of("processor_job", "ops-unit-a-dedup")))
                .isEqualTo(2);
        for (String counter : List.of("processor_duplicates_dropped_total", "processor_late_events_total",
                "processor_dead_letters_total", "processor_filtered_total", "processor_routed_total",
                "processor_redirected_total", "processor_idle_closes_total")) {
            assertThat(metrics.type(counter)).as(counter).isEqualTo("counter");
            assertThat(metrics.value(counter, Map.of("processor_job", "ops-unit-a-agg"))).as(counter).isZero();
        }
        assertThat(metrics.type("processor_ready")).isEqualTo("gauge");
        assertThat(metrics.value("processor_ready", Map.of())).as("created, not running").isZero();
        assertThat(metrics.type("processor_restoring_stores")).isEqualTo("gauge");
        assertThat(metrics.value("process_resident_memory_bytes", Map.of())).isPositive();
        assertThat(metrics.samples("jvm_memory_used_bytes").stream().filter(s -> "heap".equals(s.labels().get("area")))
                .mapToDouble(PrometheusText.Sample::value).sum()).isPositive();
        for (String jvm : List.of("jvm_memory_max_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_cpu_usage", "system_cpu_count", "process_uptime_seconds", "process_start_time_seconds",
                "process_files_open_files", "jvm_gc_memory_allocated_bytes_total")) {
            assertThat(metrics.names()).as("JVM dashboards need " + jvm).contains(jvm);
        }
        assertThat(metrics.names()).as("Kafka Streams' own metrics").anyMatch(n -> n.startsWith("kafka_stream_"));
        assertThat(metrics.labelNames()).as("Prometheus renames a job label to exported_job")
                .doesNotContain("job").contains("processor_job");
    }

    @Test
    void promtoolAcceptsTheMetrics() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeThat(Files.isExecutable(promtool)).as("promtool (Debian's prometheus package) is installed").isTrue();
        String base = start("ops-unit-b", "");
        Path scraped = Files.writeString(dir.resolve("metrics.txt"), get(base + "/metrics", Map.of()).body());
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(scraped.toFile())
                .redirectErrorStream(true).start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = new String(check.getInputStream().readAllBytes());
        // Exit 1 is a text promtool cannot parse, 3 only lint advice. The advice left is about names Kafka's clients
        // give their metrics (io_time_ns, connection_count, some without a description) and Micrometer's
        // system_cpu_count, kept as they are so that the usual Kafka and JVM dashboards and rules find them.
        assertThat(check.exitValue()).as(said).isIn(0, 3);
        List<String> lint = said.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lint).allSatisfy(problem -> assertThat(problem)
                .matches("(kafka_|system_cpu_count|process_cpu_time_ns_total).*")
                .containsAnyOf("abbreviated units", "\"_count\" suffix", "no help text"));
    }

    @Test
    void probesStayOpenWhileWindowQueriesNeedAnApiKey() throws Exception {
        String base = start("ops-unit-c", """
                http.auth.type: api-key
                http.auth.api.keys: %s
                """.formatted(API_KEY));
        assertThat(get(base + "/health", Map.of()).statusCode()).isEqualTo(200);
        assertThat(get(base + "/ready", Map.of()).statusCode()).as("created, not running").isEqualTo(503);
        assertThat(get(base + "/metrics", Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get(base + "/jobs/ops-unit-c-agg/windows?key=x", Map.of());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(refused.body()).contains("no API key in the X-API-Key header");
        assertThat(get(base + "/jobs/ops-unit-c-agg/windows?key=x", Map.of("X-API-Key", "wrong")).statusCode())
                .isEqualTo(401);
        assertThat(get(base + "/jobs/nope/windows?key=x", Map.of("X-API-Key", API_KEY)).statusCode())
                .as("let in: an unknown job").isEqualTo(404);
    }

    @Test
    void pipelineStatusAndEventStatsNeedTheCredentialsOfWindowQueries() throws Exception {
        String base = start("ops-unit-s", """
                http.auth.type: api-key
                http.auth.api.keys: %s
                """.formatted(API_KEY), true);
        for (String path : List.of("/pipeline/status", "/events/stats")) {
            HttpResponse<String> refused = get(base + path, Map.of());
            assertThat(refused.statusCode()).as(path).isEqualTo(401);
            assertThat(refused.body()).as(path).contains("no API key in the X-API-Key header")
                    .doesNotContain("\"jobs\"");
            assertThat(get(base + path, Map.of("X-API-Key", "wrong")).statusCode()).as(path).isEqualTo(401);
        }
        // Let in: the broker (127.0.0.1:1) does not answer and Kafka Streams never started, so the pipeline is not
        // RUNNING, but the document is there, naming the jobs.
        HttpResponse<String> status = get(base + "/pipeline/status", Map.of("X-API-Key", API_KEY));
        assertThat(status.statusCode()).isIn(200, 503);
        assertThat(status.body()).contains("ops-unit-s-dedup").contains("\"status\"");
        HttpResponse<String> stats = get(base + "/events/stats", Map.of("X-API-Key", API_KEY));
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(stats.body()).contains("ops-unit-s-agg");
    }

    @Test
    void metricsAskForCredentialsWhenConfiguredTo() throws Exception {
        String base = start("ops-unit-d", """
                http.auth.type: jwt
                http.auth.jwt.secret: %s
                http.auth.metrics.enabled: true
                """.formatted(JWT_SECRET));
        assertThat(get(base + "/metrics", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get(base + "/metrics", Map.of("Authorization", "Bearer " + token(JWT_SECRET, 60))).statusCode())
                .isEqualTo(200);
        assertThat(get(base + "/metrics", Map.of("Authorization", "Bearer " + token(JWT_SECRET, -120))).statusCode())
                .as("expired").isEqualTo(401);
        assertThat(get(base + "/metrics", Map.of("Authorization", "Bearer " + token("another-secret-of-at-least-32-bytes",
                60))).statusCode()).as("signed with another key").isEqualTo(401);
        assertThat(get(base + "/health", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void tlsServesHttpsOnlyAndChecksClientCertificatesWhenRequired() throws Exception {
        Path server = keyStore("server");
        Path client = keyStore("client");
        Path trust = trustStore(client, "client");
        String base = start("ops-unit-e", """
                http.tls.keystore.path: %s
                http.tls.keystore.password: %s
                http.tls.truststore.path: %s
                http.tls.truststore.password: %s
                http.tls.client.auth: required
                """.formatted(server, STORE_PASSWORD, trust, STORE_PASSWORD)).replace("http://", "https://");
        HttpClient withCertificate = HttpClient.newBuilder().sslContext(tls(server, client)).build();
        assertThat(withCertificate.send(request(base + "/health", Map.of()), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);
        HttpClient withoutCertificate = HttpClient.newBuilder().sslContext(tls(server, null)).build();
        assertThatThrownBy(() -> withoutCertificate.send(request(base + "/health", Map.of()),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> http.send(request(base.replace("https://", "http://") + "/health", Map.of()),
                HttpResponse.BodyHandlers.ofString())).as("plain HTTP").isInstanceOf(IOException.class);
    }

    @Test
    void noAnswerCarriesASecret() throws Exception {
        Path server = keyStore("server");
        String base = start("ops-unit-f", """
                http.auth.type: [api-key, jwt]
                http.auth.api.keys: %s
                http.auth.jwt.secret: %s
                http.tls.keystore.path: %s
                http.tls.keystore.password: %s
                """.formatted(API_KEY, JWT_SECRET, server, STORE_PASSWORD)).replace("http://", "https://");
        HttpClient client = HttpClient.newBuilder().sslContext(tls(server, null)).build();
        List<String> answers = new ArrayList<>();
        for (String path : List.of("/health", "/ready", "/metrics", "/jobs/x/windows?key=a", "/jobs/ops-unit-f-agg")) {
            for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-API-Key", API_KEY),
                    Map.of("X-API-Key", API_KEY + "x"), Map.of("Authorization", "Bearer " + JWT_SECRET))) {
                answers.add(client.send(request(base + path, headers), HttpResponse.BodyHandlers.ofString()).body());
            }
        }
        assertThat(answers).hasSize(20).allSatisfy(body -> assertThat(body).doesNotContain(SECRETS));
        assertThat(answers.get(8)).as("/metrics").contains("processor_ready");
    }

    /** Starts an endpoint on a free port for a processor with a dedup and an aggregate job; returns its base URL. */
    private String start(String app, String keys) throws IOException {
        return start(app, keys, false);
    }

    /** The same, with {@code /pipeline/status} and {@code /events/stats} served when {@code status}. */
    private String start(String app, String keys, boolean status) throws IOException {
        ProcessorConfig config = ProcessorConfig.parse("""
                application.id: %s
                bootstrap.servers: 127.0.0.1:1
                state.dir: %s
                http.listen: 127.0.0.1:0
                %s
                streams:
                  sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="p" password="%s";'
                jobs:
                  - {name: %s-dedup, kind: dedup, input: in, output: out, id: event_id, retention: 1h}
                  - {name: %s-agg, kind: aggregate, input: out, output: counts, group.by: type,
                     window: {type: tumbling, size: 1m}, aggregations: [{name: n, fn: count}]}
                """.formatted(app, dir.resolve(app), keys.strip(), SASL_PASSWORD, app, app),
                "test");
        KafkaStreams streams = new KafkaStreams(ProcessorApp.topology(config), ProcessorApp.properties(config));
        open.add(streams::close);
        OpsServer server = new OpsServer(config.httpHost(), 0, config.opsSecurity(), streams, new AtomicInteger(),
                List.of(app + "-dedup", app + "-agg"), (job, key) -> null);
        open.add(server);
        if (status) {
            PipelineStatusService service = new PipelineStatusService(config, streams, new AtomicInteger(),
                    server::ready);
            open.add(service::close);
            server.serveStatus(service);
        }
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        return http.send(request(url, headers), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        headers.forEach(b::header);
        return b.build();
    }

    private static String token(String secret, long expiresInSeconds) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().subject("ops")
                .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000)).build());
        jwt.sign(new MACSigner(secret.getBytes()));
        return jwt.serialize();
    }

    private Path keyStore(String name) throws Exception {
        return TestCertificates.keyStore(dir, name, STORE_PASSWORD);
    }

    private Path trustStore(Path store, String alias) throws Exception {
        return TestCertificates.trustStore(dir, store, alias, STORE_PASSWORD);
    }

    private static SSLContext tls(Path serverStore, Path clientStore) throws Exception {
        return TestCertificates.clientContext(serverStore, clientStore, STORE_PASSWORD);
    }
}
