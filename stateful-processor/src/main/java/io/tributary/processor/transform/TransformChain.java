package io.tributary.processor.transform;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.event.BadEvent;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.List;

/**
 * The transforms of one job, configured for one stream task (each task has its own instances, as each Connect task
 * has: a lookup's connection and cache belong to a task). Built by hand from the job's steps rather than with
 * Connect's {@code TransformationChain}, which lives in connect-runtime, the whole worker.
 */
public final class TransformChain implements AutoCloseable {

    private final List<String> aliases = new ArrayList<>();
    private final List<Transformation<SinkRecord>> transforms = new ArrayList<>();

    private TransformChain() {
    }

    /**
     * Creates and configures each step's transform. The keys were checked when the config was read
     * and configured once ({@link TransformSteps#parse}); what fails here is what changed since (a file gone or
     * rewritten), and the task fails with it, naming the alias.
     */
    @SuppressWarnings("unchecked")
    public static TransformChain open(JobSpec.Transforms spec) {
        TransformChain chain = new TransformChain();
        try {
            for (JobSpec.Transforms.Step step : spec.steps()) {
                Transformation<SinkRecord> transform = (Transformation<SinkRecord>) TransformSteps.instantiate(step.type());
                try {
                    transform.configure(step.config());
                } catch (RuntimeException e) {
                    throw new IllegalStateException("transform '" + step.alias() + "' (" + step.type()
                            + ") cannot be configured: " + e.getMessage(), e);
                }
                chain.aliases.add(step.alias());
                chain.transforms.add(transform);
            }
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
        return chain;
    }

    /**
     * The record after every transform, or null when one dropped it. A transform that throws makes a
     * {@link BadEvent} (stage {@code transform}) naming its alias and the exception's class and message: the record
     * becomes a dead letter, as Connect's {@code errors.tolerance=all} would make it on a sink.
     */
    public SinkRecord apply(SinkRecord record) {
        SinkRecord current = record;
        for (int i = 0; i < transforms.size() && current != null; i++) {
            try {
                current = transforms.get(i).apply(current);
            } catch (RuntimeException e) {
                throw new BadEvent("transform", "transform '" + aliases.get(i) + "' failed: "
                        + e.getClass().getName() + ": " + e.getMessage());
            }
        }
        return current;
    }

    @Override
    public void close() {
        for (Transformation<SinkRecord> transform : transforms) {
            try {
                transform.close();
            } catch (RuntimeException ignored) {
                // Closing the others matters more than why one could not close.
            }
        }
        transforms.clear();
    }
}
