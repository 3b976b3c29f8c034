package io.tributary.launcher;

import io.tributary.launcher.security.Principals;
import io.tributary.launcher.security.SecureKafka;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A single-node Kafka cluster and a distributed Connect worker in this JVM, bound to 127.0.0.1: the real KRaft
 * broker from Kafka's jars (storage formatted here) and the real worker, with the Tributary bundle unpacked into its
 * plugin path — as it is installed on any Connect cluster. The processor that {@code up} and {@code demo} run beside
 * it puts common and the transforms on this classpath too, so the worker finds those plugins twice (which copy a
 * connector gets is Connect's choice); the packaging ITs test the ZIP with nothing of Tributary on the classpath.
 */
public final class LocalStack implements AutoCloseable {

    private final KafkaRaftServer broker;
    private final Connect<?> worker;
    private final String bootstrap;
    private final URI rest;
    private final StackSettings settings;
    private final String pluginPath;
    private final List<Connect<?>> extraWorkers = new ArrayList<>();
    /** The mTLS listener on a secure stack, null otherwise. */
    private final String mtlsBootstrap;

    private LocalStack(KafkaRaftServer broker, Connect<?> worker, String bootstrap, URI rest, StackSettings settings,
                       String pluginPath, String mtlsBootstrap) {
        this.broker = broker;
        this.worker = worker;
        this.bootstrap = bootstrap;
        this.rest = rest;
        this.settings = settings;
        this.pluginPath = pluginPath;
        this.mtlsBootstrap = mtlsBootstrap;
    }

    /** The step names a {@link StopSequence} reports when a part does not stop in time. */
    static final String BROKER_STEP = "Kafka broker";
    static final String WORKER_STEP = "Connect worker";

    public static LocalStack start(StackSettings settings, PrintStream out) throws IOException, InterruptedException {
        return start(settings, out, null);
    }

    /**
     * Starts the stack, registering each part with {@code stops} (when not null) as soon as it runs, so a signal or a
     * failure during the start stops what had started, broker last.
     */
    static LocalStack start(StackSettings settings, PrintStream out, StopSequence stops)
            throws IOException, InterruptedException {
        int brokerPort = Ports.preferred(settings.brokerPort(), "Kafka broker", out);
        int controllerPort = Ports.preferred(settings.controllerPort(), "KRaft controller", out);
        int restPort = Ports.preferred(settings.restPort(), "Connect REST", out);
        String bootstrap = "127.0.0.1:" + brokerPort;
        SecureKafka secure = settings.security();
        int mtlsPort = secure == null ? -1 : Ports.preferred(StackSettings.MTLS_PORT, "Kafka mTLS listener", out);
        String mtlsBootstrap = secure == null ? null : "127.0.0.1:" + mtlsPort;

        KafkaRaftServer broker = startBroker(settings.dataDir().resolve("kafka"), brokerPort, controllerPort,
                secure == null ? Map.of() : secure.brokerProps(brokerPort, mtlsPort, controllerPort));
        if (stops != null) {
            stops.add(BROKER_STEP, () -> {
                broker.shutdown();
                broker.awaitShutdown();
            });
        }
        try {
            if (secure == null) {
                awaitBroker(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            } else {
                // The broker's own certificate is the one super user: it creates the SCRAM users and the ACLs.
                Map<String, Object> superUser = new HashMap<>(secure.mtlsClient(
                        Principals.BROKER));
                superUser.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, mtlsBootstrap);
                awaitBroker(superUser);
                try (Admin admin = Admin.create(superUser)) {
                    secure.setUp(admin, bootstrap);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("Creating the SCRAM users and ACLs failed: " + e.getCause(), e.getCause());
                }
            }
            Path plugins = settings.dataDir().resolve("plugins");
            Bundle.install(settings.bundleZip(), plugins);
            List<String> pluginPath = new ArrayList<>(List.of(plugins.toString()));
            settings.extraPluginDirs().forEach(p -> pluginPath.add(p.toString()));
            Map<String, String> props = workerProps(settings, bootstrap, restPort, String.join(",", pluginPath));
            Connect<?> worker = new ConnectDistributed().startConnect(props);
            if (stops != null) {
                stops.add(WORKER_STEP, () -> stop(worker));
            }
            URI rest = URI.create("http://127.0.0.1:" + restPort + "/");
            LocalStack stack = new LocalStack(broker, worker, bootstrap, rest, settings, String.join(",", pluginPath),
                    mtlsBootstrap);
            awaitWorker(rest);
            return stack;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (stops == null) {
                broker.shutdown();
                broker.awaitShutdown();
            }
            // Otherwise the caller's stop sequence stops the broker (and a worker that started), under its watchdog.
            throw e;
        }
    }

    /**
     * A single KRaft broker+controller on loopback, its storage formatted on first start. {@code overrides} (the
     * secure stack's listeners, TLS, SASL and authorizer, or a test's extra listener) replace the plaintext defaults.
     */
    static KafkaRaftServer startBroker(Path logDir, int brokerPort, int controllerPort,
                                       Map<String, String> overrides) throws IOException {
        Files.createDirectories(logDir);
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "3");
        props.put("auto.create.topics.enable", "true");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Controlled shutdown moves partition leadership to other brokers before this one stops; there are none.
        // All it does here is a heartbeat round trip through the controller (in this JVM, and stopping too) that the
        // broker waits on for up to 5 minutes: 'up' was seen to hang there on SIGTERM, the controller logging
        // "Fenced broker 1 has requested and been granted an immediate shutdown" while the heartbeats timed out.
        // Logs are still closed cleanly without it.
        props.put("controlled.shutdown.enable", "false");
        props.putAll(overrides);
        KafkaConfig config = KafkaConfig.fromProps(props);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
            try {
                formatter.run();
            } catch (Exception e) {
                throw new IOException("Formatting the broker's storage in " + logDir + " failed", e);
            }
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return server;
    }

    /** Waits (60 s at most) until the broker answers {@code client}, an admin client's settings. */
    static void awaitBroker(Map<String, Object> client) throws InterruptedException, IOException {
        Object bootstrap = client.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(client)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IOException("The broker at " + bootstrap + " did not become ready within 60 s", notYet);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    private static Map<String, String> workerProps(StackSettings settings, String bootstrap, int restPort,
                                                   String pluginPath) throws IOException {
        return workerProps(settings.workerTemplate(), settings, bootstrap, restPort, pluginPath);
    }

    /**
     * The properties of a further worker of this stack started from {@code template} (another worker file, e.g.
     * connector-configs/worker/connect-distributed-push.properties): this stack's broker (and credentials on a secure
     * stack), plugin path and single-broker replication factors, REST on {@code restPort}; the template's group and
     * internal topics. The stack's worker overrides do not apply.
     */
    public Map<String, String> workerPropsFrom(Path template, int restPort) throws IOException {
        return workerProps(template, settings.withWorkerOverrides(Map.of()), bootstrap, restPort, pluginPath);
    }

    private static Map<String, String> workerProps(Path templateFile, StackSettings settings, String bootstrap,
                                                   int restPort, String pluginPath) throws IOException {
        Properties template = new Properties();
        try (Reader in = Files.newBufferedReader(templateFile)) {
            template.load(in);
        }
        Map<String, String> props = new HashMap<>();
        template.forEach((k, v) -> props.put((String) k, (String) v));
        props.put("bootstrap.servers", bootstrap);
        props.put("listeners", "http://127.0.0.1:" + restPort);
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("rest.advertised.port", String.valueOf(restPort));
        props.put("plugin.path", pluginPath);
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        if (settings.security() != null) {
            props.putAll(settings.security().workerProps(Principals.CONNECT));
        }
        props.putAll(settings.workerOverrides());
        return props;
    }

    /**
     * Starts a further worker of its own Connect cluster (own group and internal topics) on the same broker, e.g.
     * one with exactly-once source support next to one without. Stopped with the stack.
     */
    public URI startSeparateCluster(String name, Map<String, String> overrides) throws IOException, InterruptedException {
        int restPort = Ports.anyFree();
        Map<String, String> props = workerProps(settings, bootstrap, restPort, pluginPath);
        props.put("group.id", "tributary-" + name);
        props.put("config.storage.topic", "tributary-" + name + "-configs");
        props.put("offset.storage.topic", "tributary-" + name + "-offsets");
        props.put("status.storage.topic", "tributary-" + name + "-status");
        props.putAll(overrides);
        extraWorkers.add(new ConnectDistributed().startConnect(props));
        URI uri = URI.create("http://127.0.0.1:" + restPort + "/");
        awaitWorker(uri);
        return uri;
    }

    private static void awaitWorker(URI rest) throws IOException, InterruptedException {
        awaitWorker(rest, () -> null);
    }

    /**
     * Waits (90 s at most) until the worker's REST API answers; {@code ended} says why waiting is pointless (a worker
     * whose JVM ended), null while it is not.
     */
    static void awaitWorker(URI rest, Supplier<String> ended) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            String why = ended.get();
            if (why != null) {
                throw new IOException(why);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest.resolve("connectors"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The REST server is not listening yet.
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("The Connect worker at " + rest + " did not become ready within 90 s");
            }
            Thread.sleep(200);
        }
    }

    /** The client listener: PLAINTEXT, or SASL_SSL (SCRAM-SHA-512) on a secure stack. */
    public String bootstrapServers() {
        return bootstrap;
    }

    /** The secure stack's security (users, keystores, ACL plan), or null on a plaintext stack. */
    public SecureKafka security() {
        return settings.security();
    }

    /** The mTLS listener (client certificates) of a secure stack, or null. */
    public String mtlsBootstrapServers() {
        return mtlsBootstrap;
    }

    /**
     * Settings for a Kafka client of this stack: bootstrap.servers and, on a secure stack, SASL_SSL as
     * {@code principal} (one of {@link io.tributary.launcher.security.Principals}).
     */
    public Map<String, Object> clientConfig(String principal) throws IOException {
        Map<String, Object> props = new HashMap<>();
        if (settings.security() != null) {
            props.putAll(settings.security().scramClient(principal));
        }
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    public URI restUrl() {
        return rest;
    }

    @Override
    public void close() {
        for (Connect<?> extra : extraWorkers) {
            stop(extra);
        }
        try {
            stop(worker);
        } finally {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    /**
     * Stops a worker and waits until its herder has finished (tasks stopped, offsets and statuses written). On
     * SIGTERM, Connect's own shutdown hook may already be stopping it, and then {@code stop()}/{@code awaitStop()}
     * return at once: stopping the broker then would leave the herder ~20 s in timeouts against a broker gone.
     */
    private static void stop(Connect<?> connect) {
        connect.stop();
        connect.awaitStop();
        try {
            connect.herderTask().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.CancellationException e) {
            // The herder failed or hangs: the broker stops anyway.
        }
    }
}
