package io.tributary.processor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.condition.Conditions;
import io.tributary.processor.state.BoundedRocksDb;
import io.tributary.processor.transform.TransformSteps;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processor's config file (YAML): Kafka Streams settings and the jobs. Everything is checked when it is read,
 * and an error names the job and the key, so a config that loads is one that can run.
 *
 * <pre>
 * application.id: tributary-processor
 * bootstrap.servers: 127.0.0.1:9092
 * processing.guarantee: exactly_once_v2     # the default
 * create.topics: true                       # the default: missing job topics are created at start
 * state.memory: 64MB                        # the default: RocksDB block cache and memtables of all stores together
 * http.listen: 127.0.0.1:8090               # the default: /health, /ready, /metrics, /jobs/{job}/windows; or off
 * http.auth.type: api-key                   # and the other http.auth.* and http.tls.* keys: see OpsSecurity
 * status.connect.url: http://127.0.0.1:8083 # /pipeline/status and /events/stats: see StatusSettings
 * shutdown.timeout: 30s                     # the default: how long a stop may take (ProcessorMain)
 * streams: {num.stream.threads: 1}          # any other Kafka Streams setting
 * registry: {url: http://127.0.0.1:8081/apis/registry/v2}   # for input.format/output.format avro: RegistrySettings
 * jobs:
 *   - {name: dedup, kind: dedup, input: events-raw, output: events-unique, id: event_id, retention: 1h, time.field: ts}
 *   - {name: agg, kind: aggregate, input.format: avro, output.format: avro, ...}
 *   - {name: validate, kind: transform, input: events-raw, output: events-valid, transforms: v,
 *      transforms.v.type: io.tributary.connect.transforms.validate.ValidateSchema$Value, ...}
 * </pre>
 */
public record ProcessorConfig(Map<String, String> streams, List<JobSpec> jobs, boolean createTopics, String httpHost,
                              int httpPort, OpsSecurity opsSecurity, Duration shutdownTimeout,
                              StatusSettings status) {

    /** How long ProcessorMain lets Kafka Streams close (commit, end the transaction, leave the group) unless told. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** The longest window (size or gap, plus grace) that idle close can close; see window(). */
    private static final Duration MAX_IDLE_CLOSE_SPAN = Duration.ofMinutes(45);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP = union(Set.of("application.id", "bootstrap.servers", "processing.guarantee",
            "state.dir", "streams", "jobs", "create.topics", "state.memory", "http.listen", "shutdown.timeout",
            "registry"),
            union(OpsSecurity.NAMES, StatusSettings.NAMES.toArray(String[]::new)).toArray(String[]::new));
    /** The keys a config file may hold at its top; {@link EnvironmentOverrides} maps variables to them. */
    static final Set<String> TOP_LEVEL_KEYS = TOP;
    private static final Set<String> FORMATS = Set.of("input.format", "input.schema.group", "input.schema.artifact",
            "input.schema.version", "input.wire.format");
    private static final Set<String> COMMON = union(FORMATS, "name", "kind", "input", "output", "dead.letter.topic",
            "time.field", "where");
    private static final Set<String> ROUTE = union(FORMATS, "name", "kind", "input", "output", "dead.letter.topic",
            "where", "routes", "output.format");
    private static final Set<String> DEDUP = union(COMMON, "id", "id.header", "retention", "output.format",
            TransformSteps.TRANSFORMS);
    private static final Set<String> TRANSFORM = Set.of("name", "kind", "input", "output", "dead.letter.topic",
            TransformSteps.TRANSFORMS);
    private static final Set<String> AGGREGATE = union(COMMON, "group.by", "window", "emit", "late.topic",
            "aggregations", "output.format", "output.schema.artifact", "output.wire.format");

    /**
     * A config built in Java rather than read from YAML (the Java API for embedding): Kafka Streams settings
     * (application.id and bootstrap.servers at least; exactly_once_v2 unless processing.guarantee says otherwise),
     * and jobs made with {@link JobSpec}'s records. Missing topics are created; the operations endpoint is off.
     */
    public static ProcessorConfig of(Map<String, String> streams, List<JobSpec> jobs) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("processing.guarantee", "exactly_once_v2");
        settings.put(BoundedRocksDb.MEMORY_CONFIG, Long.toString(BoundedRocksDb.DEFAULT_MEMORY));
        settings.putAll(streams);
        for (String required : List.of("application.id", "bootstrap.servers")) {
            if (!settings.containsKey(required)) {
                throw new ConfigError("streams settings: " + required + ": is required");
            }
        }
        Set<String> names = new HashSet<>();
        for (JobSpec job : jobs) {
            if (!names.add(job.name())) {
                throw new ConfigError("job '" + job.name() + "': name: is the name of another job");
            }
        }
        return new ProcessorConfig(Map.copyOf(settings), List.copyOf(jobs), true, null, -1, OpsSecurity.open(),
                DEFAULT_SHUTDOWN_TIMEOUT, StatusSettings.none());
    }

    /**
     * This config with some Kafka Streams settings replaced (bootstrap.servers, state.dir, ...) and the operations
     * endpoint at {@code httpHost:httpPort} (port 0: any free one; host null: off): for embedding a config file's jobs
     * in another application, as {@code ./tributary demo} does.
     */
    public ProcessorConfig with(Map<String, String> streamsOverrides, String httpHost, int httpPort) {
        Map<String, String> merged = new LinkedHashMap<>(streams);
        merged.putAll(streamsOverrides);
        return new ProcessorConfig(Map.copyOf(merged), jobs, createTopics, httpHost, httpHost == null ? -1 : httpPort,
                opsSecurity, shutdownTimeout, status);
    }

    /**
     * This config with other {@code status.*} settings: where {@code /pipeline/status} and {@code /events/stats} find
     * the Connect cluster (as {@code ./tributary up} passes its worker's).
     */
    public ProcessorConfig withStatus(StatusSettings settings) {
        return new ProcessorConfig(streams, jobs, createTopics, httpHost, httpPort, opsSecurity, shutdownTimeout,
                settings);
    }

    public static ProcessorConfig load(Path file) throws IOException {
        return load(file, EnvironmentOverrides.none());
    }

    /** The file with settings from the environment put over it (see {@link EnvironmentOverrides}). */
    public static ProcessorConfig load(Path file, EnvironmentOverrides environment) throws IOException {
        return parse(Files.readString(file), file.toString(), environment);
    }

    public static ProcessorConfig parse(String yaml, String where) {
        return parse(yaml, where, EnvironmentOverrides.none());
    }

    public static ProcessorConfig parse(String yaml, String where, EnvironmentOverrides environment) {
        JsonNode root;
        try {
            root = environment.applyTo(YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new ConfigError(where + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (!environment.isEmpty()) {
            where = where + " (with " + environment.describe() + ")";
        }
        if (root == null || !root.isObject()) {
            throw new ConfigError(where + ": must be a YAML mapping with application.id, bootstrap.servers and jobs");
        }
        Node top = new Node(root, where, "");
        top.allowOnly(TOP);
        Map<String, String> streams = new LinkedHashMap<>();
        streams.put("processing.guarantee", "exactly_once_v2");
        if (top.has("streams")) {
            top.child("streams").raw().fields().forEachRemaining(e -> streams.put(e.getKey(), e.getValue().asText()));
        }
        streams.put("application.id", top.text("application.id"));
        streams.put("bootstrap.servers", top.text("bootstrap.servers"));
        streams.put("processing.guarantee", top.text("processing.guarantee", streams.get("processing.guarantee")));
        if (top.has("state.dir")) {
            streams.put("state.dir", top.text("state.dir"));
        }
        streams.put(BoundedRocksDb.MEMORY_CONFIG, Long.toString(top.bytes("state.memory", BoundedRocksDb.DEFAULT_MEMORY)));
        if (root.has("registry") && !root.get("registry").isObject()) {
            throw top.error("registry", "must be a mapping (url, auth.*, tls.truststore.*)");
        }
        RegistrySettings registry = top.has("registry") ? RegistrySettings.parse(top.child("registry")) : null;
        List<JobSpec> jobs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node job : top.list("jobs")) {
            String name = job.text("name");
            if (!names.add(name)) {
                throw job.error("name", "'" + name + "' is the name of another job");
            }
            jobs.add(job(new Node(job.raw(), where + ": job '" + name + "'", ""), registry, providers(streams)));
        }
        boolean create = !top.has("create.topics") || top.raw().get("create.topics").asBoolean(true);
        Duration shutdown = nonZero(top, "shutdown.timeout", top.duration("shutdown.timeout", DEFAULT_SHUTDOWN_TIMEOUT));
        JsonNode http = root.get("http.listen");
        // YAML reads a bare "off" as false.
        boolean off = http != null && (http.isBoolean() && !http.asBoolean() || http.asText().equals("off"));
        String listen = off ? "off" : top.text("http.listen", "127.0.0.1:8090");
        if (off) {
            return new ProcessorConfig(Map.copyOf(streams), List.copyOf(jobs), create, null, -1, OpsSecurity.open(),
                    shutdown, StatusSettings.none());
        }
        OpsSecurity security = OpsSecurity.parse(OpsSecurity.select(topTexts(root)), providers(streams), where);
        StatusSettings status = StatusSettings.parse(StatusSettings.select(topTexts(root)), providers(streams), where);
        int colon = listen.lastIndexOf(':');
        int port;
        try {
            port = colon <= 0 ? -1 : Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw top.error("http.listen", "'" + listen + "' is not host:port (127.0.0.1:8090; port 0 for any) or off");
        }
        return new ProcessorConfig(Map.copyOf(streams), List.copyOf(jobs), create, listen.substring(0, colon), port,
                security, shutdown, status);
    }

    /**
     * For logs and messages: the application, the jobs and the endpoint, never the settings' values (the Kafka
     * settings may hold sasl.jaas.config and key store passwords).
     */
    @Override
    public String toString() {
        return "ProcessorConfig[application.id=" + streams.get("application.id") + ", jobs="
                + jobs.stream().map(JobSpec::name).toList() + ", http=" + (httpHost == null ? "off"
                : httpHost + ":" + httpPort + " (" + opsSecurity + ")") + "]";
    }

    /** The top-level keys' values as text; a list's items joined by commas (http.auth.api.keys: [a, b]). */
    private static Map<String, String> topTexts(JsonNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(item -> items.add(item.asText()));
                out.put(e.getKey(), String.join(",", items));
            } else if (!v.isNull() && !v.isContainerNode()) {
                out.put(e.getKey(), v.asText());
            }
        });
        return out;
    }

    /** The Kafka settings' config providers, which resolve ${provider:path:key} in the endpoint's keys too. */
    private static Map<String, String> providers(Map<String, String> streams) {
        Map<String, String> out = new LinkedHashMap<>();
        streams.forEach((k, v) -> {
            if (k.startsWith("config.providers")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static JobSpec job(Node job, RegistrySettings registry, Map<String, String> providers) {
        String kind = job.text("kind");
        String name = job.text("name");
        List<String> input = List.copyOf(job.texts("input"));
        if (kind.equals("transform")) {
            job.allowOnly(TRANSFORM, TransformSteps.PREFIX);
            JobSpec.Transforms transforms = transforms(job, providers);
            if (transforms == null) {
                throw job.error(TransformSteps.TRANSFORMS, "is required: the aliases of the transforms to run, with "
                        + "their transforms.<alias>.* keys as in a connector config");
            }
            String output = job.text("output");
            return new JobSpec.Transform(name, input, output, job.text("dead.letter.topic", output + "-dlq"), transforms);
        }
        JobSpec.Where where = job.has("where") ? where(job, "where") : null;
        JobSpec.Formats formats = formats(job, kind, registry);
        if (kind.equals("route")) {
            job.allowOnly(ROUTE);
            String otherwise = job.has("output") ? job.text("output") : null;
            List<JobSpec.Branch> branches = new ArrayList<>();
            for (Node branch : job.list("routes")) {
                branch.allowOnly(Set.of("when", "to"));
                branches.add(new JobSpec.Branch(where(branch, "when"), branch.text("to")));
            }
            if (branches.isEmpty()) {
                throw job.error("routes", "needs at least one {when: <condition>, to: <topic>}");
            }
            return new JobSpec.Route(name, input, otherwise, job.text("dead.letter.topic", name + "-dlq"), where,
                    List.copyOf(branches), formats);
        }
        String output = job.text("output");
        String dlq = job.text("dead.letter.topic", output + "-dlq");
        FieldPath time = job.has("time.field") ? path(job, "time.field", job.text("time.field")) : null;
        switch (kind) {
            case "dedup" -> {
                job.allowOnly(DEDUP, TransformSteps.PREFIX);
                boolean byHeader = job.has("id.header");
                if (byHeader == job.has("id")) {
                    throw job.error("id", "give exactly one of id (fields) and id.header");
                }
                List<FieldPath> id = byHeader ? List.of() : paths(job, "id");
                JobSpec.Transforms transforms = transforms(job, providers);
                if (transforms != null && formats.input() != JobSpec.InputFormat.JSON) {
                    throw job.error(TransformSteps.TRANSFORMS, "run on JSON input only (the records are read as "
                            + "JsonConverter without schemas reads them)");
                }
                return new JobSpec.Dedup(name, input, output, dlq, time, where, id, byHeader ? job.text("id.header") : null,
                        job.duration("retention", null), formats, transforms);
            }
            case "aggregate" -> {
                job.allowOnly(AGGREGATE);
                JobSpec.Window window = window(job.child("window"));
                List<JobSpec.Aggregation> aggregations = new ArrayList<>();
                Set<String> outputs = new HashSet<>();
                for (Node a : job.list("aggregations")) {
                    JobSpec.Aggregation aggregation = aggregation(a);
                    if (!outputs.add(aggregation.name())) {
                        throw a.error("name", "'" + aggregation.name() + "' is the name of another aggregation");
                    }
                    aggregations.add(aggregation);
                }
                return new JobSpec.Aggregate(name, input, output, dlq, time, where, paths(job, "group.by"), window,
                        job.choice("emit", JobSpec.Emit.class, JobSpec.Emit.FINAL), job.text("late.topic", output
                        + "-late"), List.copyOf(aggregations), job.choice("output.format", JobSpec.OutputFormat.class,
                        JobSpec.OutputFormat.JSON), formats);
            }
            default -> throw job.error("kind", "'" + kind + "' is not a job kind (dedup, aggregate, route, transform)");
        }
    }

    /**
     * The job's {@code transforms} and {@code transforms.*} keys as a chain (null when it has none): values as text
     * (a list's items joined by commas, as Connect reads a LIST key), config provider references resolved with the
     * Kafka settings' {@code config.providers} (as a worker resolves a connector's), each key checked against its
     * transform's ConfigDef ({@link TransformSteps}).
     */
    private static JobSpec.Transforms transforms(Node job, Map<String, String> providers) {
        Map<String, String> keys = new LinkedHashMap<>();
        job.raw().fields().forEachRemaining(e -> {
            String key = e.getKey();
            if (key.equals(TransformSteps.TRANSFORMS) || key.startsWith(TransformSteps.PREFIX)) {
                JsonNode v = e.getValue();
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    v.forEach(item -> items.add(item.asText()));
                    keys.put(key, String.join(",", items));
                } else if (v.isValueNode() && !v.isNull()) {
                    keys.put(key, v.asText());
                } else {
                    throw job.error(key, "must be text (or a list), as a connector config's value");
                }
            }
        });
        if (keys.isEmpty()) {
            return null;
        }
        Map<String, Object> props = new LinkedHashMap<>(providers);
        props.putAll(keys);
        Map<String, String> resolved = new LinkedHashMap<>();
        // AbstractConfig resolves ${provider:path:key} in its originals with the config.providers among them.
        Map<String, String> originals = new AbstractConfig(new ConfigDef(), props, false).originalsStrings();
        keys.keySet().forEach(k -> resolved.put(k, originals.get(k)));
        try {
            return TransformSteps.parse(resolved);
        } catch (TransformSteps.KeyProblem e) {
            throw job.error(e.key(), e.getMessage());
        }
    }

    /**
     * input.format (json, avro), the reader schema (input.schema.*), output.format's registry needs. Dedup and route
     * jobs forward their input unchanged, so their output.format, when given, must be their input.format.
     */
    private static JobSpec.Formats formats(Node job, String kind, RegistrySettings registry) {
        JobSpec.InputFormat input = job.choice("input.format", JobSpec.InputFormat.class, JobSpec.InputFormat.JSON);
        boolean avroOut = false;
        if (job.has("output.format")) {
            if (kind.equals("aggregate")) {
                avroOut = job.choice("output.format", JobSpec.OutputFormat.class, null) == JobSpec.OutputFormat.AVRO;
            } else {
                JobSpec.InputFormat out = job.choice("output.format", JobSpec.InputFormat.class, null);
                if (out != input) {
                    throw job.error("output.format", "a " + kind + " job forwards its input records unchanged: its "
                            + "output.format must be its input.format (" + input.name().toLowerCase() + ")");
                }
            }
        }
        for (String key : List.of("input.schema.group", "input.schema.artifact", "input.schema.version",
                "input.wire.format")) {
            if (job.has(key) && input != JobSpec.InputFormat.AVRO) {
                throw job.error(key, "is for input.format avro");
            }
        }
        for (String key : List.of("output.schema.artifact", "output.wire.format")) {
            if (job.has(key) && !avroOut) {
                throw job.error(key, "is for output.format avro");
            }
        }
        if (input != JobSpec.InputFormat.AVRO && !avroOut) {
            return JobSpec.Formats.JSON;
        }
        if (registry == null) {
            throw job.error(input == JobSpec.InputFormat.AVRO ? "input.format" : "output.format",
                    "avro needs the schema registry: add a top-level registry block with its url "
                            + "(registry: {url: http://127.0.0.1:8081/apis/registry/v2}) or set TRIBUTARY_PROCESSOR_REGISTRY_URL");
        }
        String version = job.text("input.schema.version", null);
        if (version != null && !version.equals("latest") && !version.matches("[1-9][0-9]*")) {
            throw job.error("input.schema.version", "'" + version + "' is not a version number or latest");
        }
        JobSpec.WireFormat outputWire = job.choice("output.wire.format", JobSpec.WireFormat.class,
                JobSpec.WireFormat.APICURIO_ID);
        if (outputWire == JobSpec.WireFormat.AUTO) {
            throw job.error("output.wire.format", "auto is for input (it tells framings apart when reading): name "
                    + "how results are written: apicurio-header, apicurio-id or confluent");
        }
        return new JobSpec.Formats(input, registry, job.text("input.schema.group", null),
                job.text("input.schema.artifact", null), "latest".equals(version) ? null : version,
                job.text("output.schema.artifact", null),
                job.choice("input.wire.format", JobSpec.WireFormat.class, JobSpec.WireFormat.AUTO), outputWire);
    }

    private static JobSpec.Window window(Node w) {
        w.allowOnly(Set.of("type", "size", "advance", "grace", "gap", "idle.close"));
        JobSpec.WindowType type = w.choice("type", JobSpec.WindowType.class, null);
        Duration grace = w.duration("grace", Duration.ZERO);
        Duration idle = w.has("idle.close") ? nonZero(w, "idle.close", w.duration("idle.close", null)) : null;
        Duration span = w.duration(type == JobSpec.WindowType.SESSION ? "gap" : "size", Duration.ZERO).plus(grace);
        if (idle != null && span.compareTo(MAX_IDLE_CLOSE_SPAN) > 0) {
            throw w.error("idle.close", "works with windows whose size (or gap) plus grace is at most "
                    + MAX_IDLE_CLOSE_SPAN.toMinutes() + " minutes: closing them moves stream time that far ahead, "
                    + "and brokers refuse record timestamps more than an hour ahead (message.timestamp.after.max.ms)");
        }
        return switch (type) {
            case SESSION -> new JobSpec.Window(type, nonZero(w, "gap", w.duration("gap", null)), null, grace, idle);
            case HOPPING -> {
                Duration size = nonZero(w, "size", w.duration("size", null));
                Duration advance = nonZero(w, "advance", w.duration("advance", null));
                if (advance.compareTo(size) > 0) {
                    throw w.error("advance", "must not be longer than size");
                }
                yield new JobSpec.Window(type, size, advance, grace, idle);
            }
            default -> new JobSpec.Window(type, nonZero(w, "size", w.duration("size", null)), null, grace, idle);
        };
    }

    /** A condition in Tributary's condition language (as the Rules transform's), given in YAML (or JSON) under {@code key}. */
    private static JobSpec.Where where(Node node, String key) {
        JsonNode condition = node.raw().get(key);
        try {
            return new JobSpec.Where(condition.toString(), Conditions.parse(condition, key));
        } catch (IllegalArgumentException e) {
            throw node.problem(e.getMessage());
        }
    }

    private static Duration nonZero(Node w, String key, Duration d) {
        if (d.isZero()) {
            throw w.error(key, "must be longer than zero");
        }
        return d;
    }

    private static JobSpec.Aggregation aggregation(Node a) {
        a.allowOnly(Set.of("name", "fn", "field", "ranks"));
        JobSpec.Function fn = a.choice("fn", JobSpec.Function.class, null);
        String name = a.text("name");
        FieldPath field = a.has("field") ? path(a, "field", a.text("field")) : null;
        if (field == null && fn != JobSpec.Function.COUNT) {
            throw a.error("field", "is required for " + fn.name().toLowerCase());
        }
        List<Double> ranks = a.numbers("ranks", fn == JobSpec.Function.PERCENTILES ? List.of(0.5, 0.95, 0.99) : List.of());
        for (double r : ranks) {
            if (r < 0 || r > 1) {
                throw a.error("ranks", "ranks are between 0 and 1 (0.95 for p95)");
            }
        }
        return new JobSpec.Aggregation(name, fn, field, List.copyOf(ranks));
    }

    private static List<FieldPath> paths(Node node, String key) {
        List<FieldPath> out = new ArrayList<>();
        for (String text : node.texts(key)) {
            out.add(path(node, key, text));
        }
        return List.copyOf(out);
    }

    private static FieldPath path(Node node, String key, String text) {
        try {
            return FieldPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw node.error(key, e.getMessage());
        }
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
