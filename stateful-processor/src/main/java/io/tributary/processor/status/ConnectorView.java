package io.tributary.processor.status;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connector as the Connect REST API shows it ({@code GET /connectors?expand=status&expand=info} and
 * {@code GET /connectors/{name}/topics}): its state and tasks, its config and the topics it used.
 *
 * @param topics the topics Connect saw the connector use (its "active topics"), or from its config when Connect
 *               tracks none (topic.tracking.enable=false)
 */
public record ConnectorView(String name, String type, String state, String workerId, String trace, List<Task> tasks,
                            Map<String, String> config, List<String> topics) {

    public record Task(int id, String state, String workerId, String trace) {
    }

    /** Connect's own dead-letter key (sinks, errors.tolerance=all). */
    static final String CONNECT_DLQ_KEY = "errors.deadletterqueue.topic.name";
    /** Tributary's sources' key ({@code dlq.topic}) and its transforms' ({@code transforms.<alias>.dlq.topic}). */
    static final String TRIBUTARY_DLQ_KEY = "dlq.topic";

    public boolean isSink() {
        return "sink".equals(type);
    }

    /**
     * The dead-letter topics this connector writes: Connect's errors.deadletterqueue.topic.name, and every Tributary
     * dlq.topic key — the source's own and its transforms' (ValidateSchema's invalid records).
     */
    public Set<String> deadLetterTopics() {
        Set<String> out = new LinkedHashSet<>();
        config.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (!value.isEmpty() && (key.equals(CONNECT_DLQ_KEY) || key.equals(TRIBUTARY_DLQ_KEY)
                    || key.endsWith("." + TRIBUTARY_DLQ_KEY))) {
                out.add(value);
            }
        });
        return out;
    }

    /** A sink's consumer group: Connect's connect-{name}, unless the connector overrides it. */
    public String sinkGroup() {
        String override = config.get("consumer.override.group.id");
        return override == null || override.isBlank() ? "connect-" + name : override;
    }

    /** The first line of a trace (Connect's traces are whole stack traces): the exception and its message. */
    static String firstLine(String trace) {
        if (trace == null || trace.isBlank()) {
            return null;
        }
        String trimmed = trace.strip();
        int nl = trimmed.indexOf('\n');
        return (nl < 0 ? trimmed : trimmed.substring(0, nl)).strip();
    }

    /**
     * The connectors of an expanded listing, by name. {@code topics} holds each one's active topics where Connect
     * gave them (absent: the connector's topics come from its {@code topics}, {@code topic} or {@code kafka.topic}
     * setting).
     */
    static List<ConnectorView> parse(JsonNode expanded, Map<String, List<String>> topics) {
        List<ConnectorView> out = new ArrayList<>();
        expanded.fields().forEachRemaining(e -> {
            JsonNode status = e.getValue().path("status");
            JsonNode info = e.getValue().path("info");
            Map<String, String> config = new LinkedHashMap<>();
            info.path("config").fields().forEachRemaining(c -> config.put(c.getKey(), c.getValue().asText()));
            List<Task> tasks = new ArrayList<>();
            for (JsonNode t : status.path("tasks")) {
                tasks.add(new Task(t.path("id").asInt(), t.path("state").asText(null), t.path("worker_id").asText(null),
                        firstLine(t.path("trace").asText(null))));
            }
            tasks.sort(Comparator.comparingInt(Task::id));
            String type = status.path("type").asText(info.path("type").asText("unknown"));
            List<String> active = topics.get(e.getKey());
            out.add(new ConnectorView(e.getKey(), type, status.path("connector").path("state").asText(null),
                    status.path("connector").path("worker_id").asText(null),
                    firstLine(status.path("connector").path("trace").asText(null)), List.copyOf(tasks),
                    Map.copyOf(config), active != null ? List.copyOf(active) : configuredTopics(config)));
        });
        out.sort(Comparator.comparing(ConnectorView::name));
        return List.copyOf(out);
    }

    private static List<String> configuredTopics(Map<String, String> config) {
        for (String key : List.of("topics", "topic", "kafka.topic")) {
            String value = config.get(key);
            if (value != null && !value.isBlank()) {
                return List.of(value.split("\\s*,\\s*")).stream().filter(s -> !s.isBlank()).sorted().toList();
            }
        }
        return List.of();
    }
}
