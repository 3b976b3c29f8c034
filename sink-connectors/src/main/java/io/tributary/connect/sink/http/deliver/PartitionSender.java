package io.tributary.connect.sink.http.deliver;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.tributary.connect.sink.http.HttpSinkMetrics;
import io.tributary.connect.sink.http.client.HttpEndpoint;
import io.tributary.connect.sink.http.config.HttpSinkConfig.RetryExhausted;
import io.tributary.connect.sink.http.deliver.DeliveryReport.Delivered;
import io.tributary.connect.sink.http.deliver.DeliveryReport.Errant;
import io.tributary.connect.sink.http.deliver.DeliveryReport.Step;
import io.tributary.connect.sink.http.deliver.DeliveryReport.Stop;
import io.tributary.connect.sink.http.render.RenderedRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sends one partition's due batches, one request at a time in offset order, and classifies each final answer — the
 * ladder of kafka-connect-jdbc's sink: retry (inside {@link HttpEndpoint}), then split the batch, then report only
 * the records that still fail:
 *
 * <ul>
 *   <li>2xx: delivered;</li>
 *   <li>a dead-letter status: the record is at fault; a batch is split and sent record by record, a single record
 *       is reported as errant;</li>
 *   <li>a fail status: the configuration is at fault (credentials, URL); the task fails naming the endpoint;</li>
 *   <li>anything else once retries ran out (I/O errors, retried or unlisted statuses): as retry.exhausted says,
 *       split and report, or pause (Connect redelivers later);</li>
 *   <li>the circuit breaker open: pause, no request sent.</li>
 * </ul>
 *
 * Stops at the first batch that pauses or fails, so nothing after it is sent out of order. Runs on a sender
 * thread: it only reads the records it is given and reports what happened.
 */
public final class PartitionSender {

    private record Halt(Stop stop, ConnectException error) {
    }

    private final HttpEndpoint endpoint;
    private final Batches batches;
    private final Set<Integer> deadLetterStatuses;
    private final Set<Integer> failStatuses;
    private final RetryExhausted whenExhausted;
    private final HttpSinkMetrics metrics;
    private final ResponseCapture capture;

    public PartitionSender(HttpEndpoint endpoint, Batches batches, Set<Integer> deadLetterStatuses,
                           Set<Integer> failStatuses, RetryExhausted whenExhausted, HttpSinkMetrics metrics,
                           ResponseCapture capture) {
        this.endpoint = endpoint;
        this.batches = batches;
        this.deadLetterStatuses = Set.copyOf(deadLetterStatuses);
        this.failStatuses = Set.copyOf(failStatuses);
        this.whenExhausted = whenExhausted;
        this.metrics = metrics;
        this.capture = capture;
    }

    /** Sends the due batches of {@code pending} (all of them with {@code all}). */
    public DeliveryReport send(TopicPartition partition, List<RenderedRecord> pending, long nowMs, boolean all)
            throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        int from = 0;
        while (from < pending.size()) {
            int end = batches.end(pending, from);
            if (!batches.due(pending, from, end, nowMs, all)) {
                break;
            }
            Halt halt = deliver(pending.subList(from, end), steps);
            if (halt != null) {
                return new DeliveryReport(partition, List.copyOf(steps), halt.stop(), halt.error());
            }
            from = end;
        }
        return new DeliveryReport(partition, List.copyOf(steps), Stop.NONE, null);
    }

    private Halt deliver(List<RenderedRecord> batch, List<Step> steps) throws InterruptedException {
        String request = endpoint.describe(batch.get(0).uri());
        String records = records(batch);
        HttpResponse<byte[]> response;
        try {
            response = endpoint.send(batch);
        } catch (CallNotPermittedException e) {
            return new Halt(Stop.CIRCUIT_OPEN, new RetriableException("The circuit breaker for " + request
                    + " is open after too many failures; " + records + " will be redelivered", e));
        } catch (IOException e) {
            metrics.ioFailures.increment();
            return exhausted(batch, steps, new ConnectException(request + " failed for " + records
                    + " after every retry: " + e, e));
        }
        int status = response.statusCode();
        metrics.status(status);
        capture.capture(batch, response);
        if (status / 100 == 2) {
            steps.add(new Delivered(batch.size()));
            metrics.recordsSent.add(batch.size());
            return null;
        }
        String answer = request + " answered " + status + " for " + records + ": "
                + HttpEndpoint.excerpt(response.body());
        if (deadLetterStatuses.contains(status)) {
            return splitOrReport(batch, steps, new ConnectException(answer + " (a dead-letter status)"));
        }
        if (failStatuses.contains(status)) {
            return new Halt(Stop.FATAL, new ConnectException(answer + ". " + status + " is in fail.statuses: "
                    + "check the URL and the credentials of the endpoint " + request + "."));
        }
        return exhausted(batch, steps, new ConnectException(answer + " (after every retry)"));
    }

    private Halt exhausted(List<RenderedRecord> batch, List<Step> steps, ConnectException error)
            throws InterruptedException {
        if (whenExhausted == RetryExhausted.PAUSE) {
            return new Halt(Stop.PAUSE, new RetriableException(error.getMessage() + "; retry.exhausted=pause: "
                    + "redelivered later", error.getCause()));
        }
        return splitOrReport(batch, steps, error);
    }

    /** A batch of several is sent again record by record, to find the ones at fault; a single record is errant. */
    private Halt splitOrReport(List<RenderedRecord> batch, List<Step> steps, ConnectException error)
            throws InterruptedException {
        if (batch.size() == 1) {
            steps.add(new Errant(batch.get(0), error));
            return null;
        }
        for (RenderedRecord record : batch) {
            Halt halt = deliver(List.of(record), steps);
            if (halt != null) {
                return halt;
            }
        }
        return null;
    }

    /** {@code topic-0@5..9}: a batch's records by the coordinates they were read at, never content. */
    static String records(List<RenderedRecord> batch) {
        RenderedRecord first = batch.get(0);
        long last = batch.get(batch.size() - 1).offset();
        return first.record().originalTopic() + "-" + first.record().originalKafkaPartition() + "@" + first.offset()
                + (last == first.offset() ? "" : ".." + last);
    }
}
