package io.tributary.launcher;

import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.Quality;
import io.tributary.generator.sink.EventSink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Passes generated events on to the real sink and works out, event by event, where the demo pipeline must put
 * each: malformed lines in events-dlq, schema-invalid events in events-invalid, the rest routed by type (and
 * enriched when their user has a profile). The summary checks what Kafka and the output files hold against this.
 */
final class DemoExpectations implements EventSink {

    static final Set<String> CLICKSTREAM = Set.of("page_view", "click", "add_to_cart", "purchase");

    private final EventSink delegate;
    private final Set<String> usersWithProfile;
    private final Map<String, Long> topics = new TreeMap<>();
    private final Map<String, Long> repeats = new TreeMap<>();
    /** Per topic, the id of every event expected there (repeats as often as they come): named when a count is off. */
    private final Map<String, EventIds> ids = new TreeMap<>();
    /** Null when the sources pass any JSON on (the JSON demo); else the schema they turn events into. */
    private final EventSchemaFit sourceSchema;
    private long enriched;
    private long sourceMismatches;

    DemoExpectations(EventSink delegate, Set<String> usersWithProfile) {
        this(delegate, usersWithProfile, null);
    }

    /**
     * With {@code sourceSchema}: an event that does not fit it is dead-lettered by its source (in events-dlq, a
     * schema mismatch), before ValidateSchema could route it to events-invalid.
     */
    DemoExpectations(EventSink delegate, Set<String> usersWithProfile, EventSchemaFit sourceSchema) {
        this.delegate = delegate;
        this.usersWithProfile = usersWithProfile;
        this.sourceSchema = sourceSchema;
    }

    static String topicOf(GeneratedEvent event) {
        return topicOf(event, null);
    }

    static String topicOf(GeneratedEvent event, EventSchemaFit sourceSchema) {
        if (event.quality() == Quality.MALFORMED) {
            return "events-dlq";
        }
        if (sourceSchema != null && !sourceSchema.fits(event.bytes())) {
            return "events-dlq";
        }
        if (event.quality() == Quality.INVALID) {
            return "events-invalid";
        }
        if (event.eventType().equals("payment")) {
            return "events-payments";
        }
        if (event.eventType().equals("sensor_reading")) {
            return "events-iot";
        }
        return CLICKSTREAM.contains(event.eventType()) ? "events-clicks" : "events-unroutable";
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException, InterruptedException {
        delegate.accept(event);
        String topic = topicOf(event, sourceSchema);
        topics.merge(topic, 1L, Long::sum);
        ids.computeIfAbsent(topic, t -> new EventIds()).add(event.eventId());
        if (topic.equals("events-dlq") && event.quality() != Quality.MALFORMED) {
            sourceMismatches++;
        }
        if (event.quality() == Quality.DUPLICATE) {
            repeats.merge(topic, 1L, Long::sum);
        }
        if (topic.startsWith("events-") && !topic.equals("events-dlq") && !topic.equals("events-invalid")
                && usersWithProfile.contains(event.userId())) {
            enriched++;
        }
    }

    long expected(String topic) {
        return topics.getOrDefault(topic, 0L);
    }

    /** The ids of the events expected in {@code topic}, in the order they were sent, each as often as sent. */
    List<String> ids(String topic) {
        EventIds in = ids.get(topic);
        return in == null ? List.of() : in;
    }

    /** The events routed to {@code topic} that repeat an earlier event (same event id, user and time). */
    long repeats(String topic) {
        return repeats.getOrDefault(topic, 0L);
    }

    long enriched() {
        return enriched;
    }

    /** The well-formed events in events-dlq: those that do not fit the sources' schema. */
    long sourceMismatches() {
        return sourceMismatches;
    }

    @Override
    public void flush() throws IOException, InterruptedException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        delegate.close();
    }
}
