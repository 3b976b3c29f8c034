package io.tributary.connect.sink.http.deliver;

import io.tributary.connect.sink.http.render.RenderedRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.List;

/**
 * What sending a partition's due batches did, in offset order: records delivered, records to report as errant, and
 * why it stopped early, if it did. The task applies it on its own thread (the errant record reporter and the
 * queues are the task thread's).
 */
public record DeliveryReport(TopicPartition partition, List<Step> steps, Stop stop, ConnectException error) {

    public enum Stop {
        /** Everything due was delivered or reported. */
        NONE,
        /** Retries ran out with retry.exhausted=pause: Connect redelivers later. */
        PAUSE,
        /** The circuit breaker is open: no request was sent, Connect redelivers after it may close. */
        CIRCUIT_OPEN,
        /** A fail status: the task must fail. */
        FATAL
    }

    public sealed interface Step permits Delivered, Errant {
    }

    /** The next {@code count} pending records were delivered. */
    public record Delivered(int count) implements Step {
    }

    /** The next pending record failed for good and goes to the errant record reporter. */
    public record Errant(RenderedRecord record, ConnectException error) implements Step {
    }
}
