package io.tributary.processor.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.tributary.connect.common.auth.AuthResult;
import io.tributary.connect.common.auth.RequestAuthenticator;
import io.tributary.processor.config.OpsSecurity;
import io.tributary.processor.event.Events;
import io.tributary.processor.status.PipelineReport;
import io.tributary.processor.status.PipelineStatusService;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The processor's operations endpoint, on 127.0.0.1 unless configured otherwise, over HTTP or HTTPS:
 * <ul>
 *   <li>{@code /health}: 200 while the application is alive (created, rebalancing or running), 503 once it has
 *       failed or stopped — for liveness probes; always open;</li>
 *   <li>{@code /ready}: 200 when running and no store is restoring — for readiness probes; always open;</li>
 *   <li>{@code /metrics}: Prometheus text ({@link PrometheusMetrics}); open unless configured otherwise;</li>
 *   <li>{@code /jobs/{job}/windows?key=...}: the current aggregates of a group's windows held by this instance;
 *       behind the configured authentication, as it shows the data;</li>
 *   <li>{@code /pipeline/status} and {@code /events/stats} ({@link PipelineStatusService}): the connectors', tasks' and
 *       jobs' states, lag, rates and dead letters; behind the configured authentication (they show the pipeline's
 *       topology and failure traces).</li>
 * </ul>
 * The JDK's HTTP server is enough for a handful of small, rare requests and adds no dependency.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);

    private final HttpServer server;
    private final KafkaStreams streams;
    private final AtomicInteger restoring;
    private final BiFunction<String, String, List<Map<String, Object>>> windows;
    private final PrometheusMetrics metrics;
    /** Null when every request is let in. */
    private final RequestAuthenticator authenticator;

    /**
     * @param restoring the number of stores restoring now (kept by a restore listener)
     * @param jobs      the names of the config's jobs, whose counts {@code /metrics} shows from the start
     * @param windows   (job, group key) → that group's windows, or null for an unknown job
     */
    public OpsServer(String host, int port, OpsSecurity security, KafkaStreams streams, AtomicInteger restoring,
                     List<String> jobs, BiFunction<String, String, List<Map<String, Object>>> windows)
            throws IOException {
        this.streams = streams;
        this.restoring = restoring;
        this.windows = windows;
        this.authenticator = security.authenticator();
        this.server = security.tls() ? https(host, port, security) : HttpServer.create(new InetSocketAddress(host, port), 16);
        this.metrics = new PrometheusMetrics(streams, jobs, this::ready, restoring);
        // A few threads: a status request waits on Connect and the brokers (up to status.request.timeout.ms each),
        // and probes of /health and /ready must not queue behind it.
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "processor-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", ex -> respond(ex, alive() ? 200 : 503, "text/plain", streams.state().name()));
        server.createContext("/ready", ex -> respond(ex, ready() ? 200 : 503, "text/plain", streams.state().name()
                + (restoring.get() > 0 ? " (restoring " + restoring.get() + " stores)" : "")));
        HttpHandler scrape = ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
        server.createContext("/metrics", security.metricsNeedAuth() ? authenticated(scrape) : scrape);
        server.createContext("/jobs/", authenticated(this::windows));
        server.start();
        log.info("Operations endpoint on {}://{}:{}/ (health, ready, metrics, jobs/<job>/windows?key=); {}",
                security.tls() ? "https" : "http", host, port(), security);
    }

    private static HttpsServer https(String host, int port, OpsSecurity security) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 16);
        https.setHttpsConfigurator(new HttpsConfigurator(security.sslContext()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                switch (security.clientAuth()) {
                    case REQUIRED -> ssl.setNeedClientAuth(true);
                    case REQUESTED -> ssl.setWantClientAuth(true);
                    case NONE -> { }
                }
                params.setSSLParameters(ssl);
            }
        });
        return https;
    }

    /**
     * Serves {@code /pipeline/status} (200, or 503 when the pipeline is FAILED) and {@code /events/stats} from the
     * service, behind the configured authentication.
     */
    public void serveStatus(PipelineStatusService status) {
        server.createContext("/pipeline/status", authenticated(orServerError(ex -> {
            Map<String, Object> body = status.status();
            respond(ex, PipelineReport.httpStatus(body), "application/json",
                    Events.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body));
        })));
        server.createContext("/events/stats", authenticated(orServerError(ex -> respond(ex, 200, "application/json",
                Events.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status.stats())))));
    }

    /** A defect in building a document answers 500 with its cause (the JDK server would close without a word). */
    private static HttpHandler orServerError(HttpHandler handler) {
        return ex -> {
            try {
                handler.handle(ex);
            } catch (RuntimeException e) {
                log.warn("{} failed", ex.getRequestURI().getPath(), e);
                respond(ex, 500, "text/plain", ex.getRequestURI().getPath() + " failed: " + e);
            }
        };
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private boolean alive() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.CREATED || state == KafkaStreams.State.REBALANCING
                || state == KafkaStreams.State.RUNNING;
    }

    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && restoring.get() == 0;
    }

    /**
     * The handler behind the configured authentication: 401 (with {@code WWW-Authenticate: Bearer}) for missing or
     * invalid credentials, 403 for valid ones not allowed here, as the push sources answer. The reason names what
     * was wrong, never the credential.
     */
    private HttpHandler authenticated(HttpHandler handler) {
        if (authenticator == null) {
            return handler;
        }
        return ex -> {
            AuthResult result = authenticator.authenticate(new ExchangeAuthRequest(ex));
            if (result.ok()) {
                handler.handle(ex);
                return;
            }
            log.debug("Refused {} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), result.reason());
            if (result.outcome() == AuthResult.Outcome.UNAUTHENTICATED) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            }
            respond(ex, result.outcome() == AuthResult.Outcome.FORBIDDEN ? 403 : 401, "text/plain", result.reason());
        };
    }

    private void windows(HttpExchange ex) throws IOException {
        String[] parts = ex.getRequestURI().getPath().split("/");
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (parts.length != 4 || !parts[3].equals("windows") || !query.containsKey("key")) {
            respond(ex, 400, "text/plain", "use /jobs/<job>/windows?key=<group values joined by |>");
            return;
        }
        List<Map<String, Object>> found;
        try {
            found = windows.apply(parts[2], query.get("key"));
        } catch (RuntimeException e) {
            respond(ex, 503, "text/plain", "the job's windows cannot be queried now: " + e.getMessage());
            return;
        }
        if (found == null) {
            respond(ex, 404, "text/plain", "no aggregate job named '" + parts[2] + "'");
            return;
        }
        respond(ex, 200, "application/json", Events.MAPPER.writeValueAsString(found));
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        metrics.close();
    }
}
