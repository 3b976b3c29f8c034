package io.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.Quality;
import io.tributary.generator.sink.EventSink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Passes generated cart events on to the real sink and works out, event by event, where the cart-events pipeline must
 * put each — the topics, the dead letters' stages, the enrichment — from what the demo seeded into Redis:
 * <ul>
 *   <li>a malformed line: dead-lettered by the listener (stage {@code http-listener}), never in cart-events-raw;</li>
 *   <li>any other line: in cart-events-raw as received; an invalid one then dead-lettered by the validate job
 *   (stage {@code validate}), the others in cart-events-validated;</li>
 *   <li>of those, a repeat is dropped by the enrich job's dedup; a first occurrence whose store has no config is
 *   dead-lettered (stage {@code enrich}), one of a closed store too (stage {@code rules}), the rest reach
 *   cart-events-enriched — with the shopper's profile when there is one, tagged {@code bulk-order} when it is a
 *   checkout of 10 or more.</li>
 * </ul>
 */
final class CartExpectations implements EventSink {

    static final String LISTENER_STAGE = "http-listener";
    static final String VALIDATE_STAGE = "validate";
    static final String ENRICH_STAGE = "enrich";
    static final String RULES_STAGE = "rules";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventSink delegate;
    private final Set<String> usersWithProfile;
    private final Set<String> openStores;
    private final Set<String> closedStores;
    private final Map<String, EventIds> ids = new TreeMap<>();
    private final Map<String, Long> stages = new TreeMap<>();
    private long repeats;
    private long withProfile;
    private long bulkOrders;

    /** Stores neither open nor closed have no config in Redis. */
    CartExpectations(EventSink delegate, Set<String> usersWithProfile, Set<String> openStores, Set<String> closedStores) {
        this.delegate = delegate;
        this.usersWithProfile = usersWithProfile;
        this.openStores = openStores;
        this.closedStores = closedStores;
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException, InterruptedException {
        delegate.accept(event);
        if (event.quality() == Quality.MALFORMED) {
            deadLetter(event, LISTENER_STAGE);
            return;
        }
        add(CartEventsDemo.RAW, event);
        if (event.quality() == Quality.INVALID) {
            deadLetter(event, VALIDATE_STAGE);
            return;
        }
        add(CartEventsDemo.VALIDATED, event);
        if (event.quality() == Quality.DUPLICATE) {
            repeats++;
            return;
        }
        JsonNode fields = JSON.readTree(event.bytes());
        String store = fields.path("storeId").asText();
        if (closedStores.contains(store)) {
            deadLetter(event, RULES_STAGE);
        } else if (!openStores.contains(store)) {
            deadLetter(event, ENRICH_STAGE);
        } else {
            add(CartEventsDemo.ENRICHED, event);
            if (usersWithProfile.contains(event.userId())) {
                withProfile++;
            }
            if (fields.path("type").asText().equals("checkout") && fields.path("quantity").asInt() >= 10) {
                bulkOrders++;
            }
        }
    }

    private void deadLetter(GeneratedEvent event, String stage) {
        add(CartEventsDemo.DLQ, event);
        stages.merge(stage, 1L, Long::sum);
    }

    private void add(String topic, GeneratedEvent event) {
        ids.computeIfAbsent(topic, t -> new EventIds()).add(event.eventId());
    }

    /** Records expected in {@code topic}. */
    long expected(String topic) {
        EventIds in = ids.get(topic);
        return in == null ? 0 : in.size();
    }

    /** The ids of the events expected in {@code topic}, in the order they were sent, each as often as sent. */
    List<String> ids(String topic) {
        EventIds in = ids.get(topic);
        return in == null ? List.of() : in;
    }

    /** Dead letters expected with {@code tributary.error.stage} {@code stage}. */
    long deadLetters(String stage) {
        return stages.getOrDefault(stage, 0L);
    }

    /** Repeats of an earlier event, which the enrich job's dedup drops. */
    long repeats() {
        return repeats;
    }

    long withProfile() {
        return withProfile;
    }

    long bulkOrders() {
        return bulkOrders;
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
