package io.tributary.launcher;

import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.Quality;
import io.tributary.generator.sink.EventSink;

import java.io.IOException;
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
    private long enriched;

    DemoExpectations(EventSink delegate, Set<String> usersWithProfile) {
        this.delegate = delegate;
        this.usersWithProfile = usersWithProfile;
    }

    static String topicOf(GeneratedEvent event) {
        if (event.quality() == Quality.MALFORMED) {
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
        String topic = topicOf(event);
        topics.merge(topic, 1L, Long::sum);
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

    /** The events routed to {@code topic} that repeat an earlier event (same event id, user and time). */
    long repeats(String topic) {
        return repeats.getOrDefault(topic, 0L);
    }

    long enriched() {
        return enriched;
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
