package io.tributary.launcher;

import io.tributary.processor.registry.SchemaRegistry;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The schema registry's part of {@code demo --avro}: it must answer before anything starts; the event schema is
 * registered for the push sources; the demo's Avro values are decoded for counting; and the summary tells how many
 * schema versions each of the demo's subjects got during the run (one per value subject is expected the first
 * time, none when an earlier run registered the same schemas; more would mean a component changed its schema
 * mid-run).
 */
final class AvroRun {

    /** The connectors of connector-configs/pipelines/demo-avro/ read the registry's address from this variable. */
    static final String REGISTRY_VARIABLE = "TRIBUTARY_REGISTRY_URL";

    private final Path root;
    private final PrintStream out;
    private final RegistryCheck registry;
    private final RegistrySubjects subjects;
    private final AvroValues values;
    private final Map<String, Integer> before;
    /** Per topic, the global ids its records carry (read ahead of each value). */
    private final Map<String, Set<Long>> idsByTopic = new ConcurrentHashMap<>();

    private AvroRun(Path root, PrintStream out, RegistryCheck registry) throws IOException, InterruptedException {
        this.root = root;
        this.out = out;
        this.registry = registry;
        this.subjects = new RegistrySubjects(registry);
        this.values = new AvroValues(registry.apiUrl());
        this.before = subjects.versions(subject -> true);
    }

    /** Refuses to go on, saying how to fix it, when the registry is not there. */
    static AvroRun prepare(Path root, PrintStream out) throws IOException, InterruptedException {
        String url = System.getenv(REGISTRY_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IOException(REGISTRY_VARIABLE + " is not set: the connectors of connector-configs/pipelines/"
                    + "demo-avro/ take the schema registry's address from it (./tributary demo --avro sets it)");
        }
        RegistryCheck registry = new RegistryCheck();
        if (!registry.answers()) {
            throw new IOException("the schema registry is not answering at " + url
                    + " (./tributary services start registry); demo --avro needs it");
        }
        return new AvroRun(root, out, registry);
    }

    String apiUrl() {
        return registry.apiUrl();
    }

    AvroValues values() {
        return values;
    }

    /** The event schema under {@link Demo#EVENT_SUBJECT}, where the push sources fetch it when their tasks start. */
    void registerEventSchema() throws IOException, InterruptedException {
        String version = subjects.registerAvro(Demo.EVENT_SUBJECT, Files.readString(root.resolve(Demo.EVENT_SCHEMA)));
        out.printf("  schema registry %s: %s is subject %s, version %s%n", registry.apiUrl(), Demo.EVENT_SCHEMA,
                Demo.EVENT_SUBJECT, version);
    }

    /** Notes the schema id of every record the demo counts (on the topic counter's thread). */
    void observe(ConsumerRecord<byte[], byte[]> record) {
        long id = AvroValues.globalId(record.value());
        if (id >= 0) {
            idsByTopic.computeIfAbsent(record.topic(), t -> ConcurrentHashMap.newKeySet()).add(id);
        }
    }

    /** Records of {@code topics} whose decoded value has its {@code user} (the enrichment) set. */
    Predicate<ConsumerRecord<byte[], byte[]>> enriched(Collection<String> topics) {
        return record -> {
            if (!topics.contains(record.topic())) {
                return false;
            }
            try {
                GenericRecord value = values.read(record.value());
                return value.getSchema().getField("user") != null && value.get("user") != null;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        };
    }

    /**
     * Prints the versions each of the demo's subjects ({@code <topic>-value}, {@code <topic>-key} and the event
     * subject) has and how many it got during the run; more than one new version of a subject is a failure.
     */
    void summarize(Collection<String> topics, DemoSummary summary) throws IOException, InterruptedException {
        Map<String, Integer> after = subjects.versions(subject -> subject.equals(Demo.EVENT_SUBJECT)
                || topics.stream().anyMatch(t -> subject.equals(t + "-value") || subject.equals(t + "-key")));
        int added = 0;
        for (Map.Entry<String, Integer> e : after.entrySet()) {
            added += Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0));
        }
        out.printf("  schema registry (%s)%n", registry.confluentApiUrl());
        out.printf("    versions registered    %,10d  during the demo, in %d subjects (one per subject the first time, "
                + "none when an earlier run registered the same schemas)%n", added, after.size());
        for (Map.Entry<String, Integer> e : after.entrySet()) {
            int now = e.getValue();
            int during = Math.max(0, now - before.getOrDefault(e.getKey(), 0));
            out.printf("    %-24s %,7d version%s (%d during the demo)%n", e.getKey(), now, now == 1 ? " " : "s", during);
            if (during > 1) {
                summary.fail("subject " + e.getKey() + " got " + during + " versions during the demo (one expected: "
                        + "a component changed its schema mid-run)");
            }
        }
        // Apicurio's converter caches a schema it registered by its content, whatever the topic: a task that already
        // registered the routed events' schema under one routed topic's subject writes the other routed topics'
        // records with that version's id, and their own subjects are never made. Which ones, is read off the records.
        for (String topic : topics) {
            Set<Long> ids = idsByTopic.get(topic);
            if (ids == null) {
                continue;
            }
            Set<String> referenced = new TreeSet<>();
            for (long id : ids) {
                SchemaRegistry.Version v = values.version(id);
                referenced.add(v.subject() + " v" + v.version());
            }
            out.printf("    records of %-20s carry the id of %s%n", topic, String.join(", ", referenced));
        }
    }
}
