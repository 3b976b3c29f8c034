package io.tributary.processor.transform;

import io.tributary.processor.config.JobSpec;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a job's {@code transforms} keys as Connect reads a connector's: {@code transforms} lists the aliases in order,
 * {@code transforms.<alias>.type} names each class, and the alias's other keys are its config. Every key is checked
 * when the config file is read — the class loads and is a {@link Transformation}, each key is one of its
 * {@code config()} and validates there, no key belongs to an alias that is not listed, and the transform configures
 * with its keys (an instance configured and closed at once) — so a job that loads is one whose transforms can be
 * configured, unless what they read changes in between (a schema file rewritten). Unlike Connect, a key the transform does not define is an error (as every
 * other unknown key of the processor's config is), and predicates are not supported: the job's own {@code where}
 * and route jobs filter.
 */
public final class TransformSteps {

    public static final String TRANSFORMS = "transforms";
    public static final String PREFIX = TRANSFORMS + ".";
    /** The key of Tributary's transforms (ValidateSchema, Enrich*, Rules, EventTime) naming their dead-letter route. */
    private static final String DLQ_TOPIC = "dlq.topic";

    /** A key of the job that is wrong, and why. */
    public static final class KeyProblem extends IllegalArgumentException {
        private final String key;

        KeyProblem(String key, String problem) {
            super(problem);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private TransformSteps() {
    }

    /**
     * The steps of {@code keys}: {@code transforms} and every {@code transforms.*} key of a job, values as text
     * (config provider references already resolved).
     *
     * @throws KeyProblem naming the key at fault
     */
    public static JobSpec.Transforms parse(Map<String, String> keys) {
        String list = keys.get(TRANSFORMS);
        if (list == null || list.isBlank()) {
            throw new KeyProblem(TRANSFORMS, "is required with transforms.* keys: the aliases in order, e.g. "
                    + "'validate,enrich'");
        }
        List<String> aliases = Arrays.stream(list.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList();
        for (int i = 0; i < aliases.size(); i++) {
            if (aliases.indexOf(aliases.get(i)) != i) {
                throw new KeyProblem(TRANSFORMS, "lists '" + aliases.get(i) + "' twice");
            }
        }
        for (String key : keys.keySet()) {
            if (key.startsWith(PREFIX) && aliases.stream().noneMatch(a -> key.startsWith(PREFIX + a + "."))) {
                throw new KeyProblem(key, "no alias of that name is listed in 'transforms' (" + list + ")");
            }
        }
        List<JobSpec.Transforms.Step> steps = new ArrayList<>();
        for (String alias : aliases) {
            steps.add(step(alias, keys));
        }
        return new JobSpec.Transforms(steps);
    }

    private static JobSpec.Transforms.Step step(String alias, Map<String, String> keys) {
        String prefix = PREFIX + alias + ".";
        String type = keys.get(prefix + "type");
        if (type == null || type.isBlank()) {
            throw new KeyProblem(prefix + "type", "is required: the transform's class, as in a connector config");
        }
        Map<String, String> own = new LinkedHashMap<>();
        keys.forEach((key, value) -> {
            if (key.startsWith(prefix) && !key.equals(prefix + "type")) {
                own.put(key.substring(prefix.length()), value);
            }
        });
        for (String connectOnly : List.of("predicate", "negate")) {
            if (own.containsKey(connectOnly)) {
                throw new KeyProblem(prefix + connectOnly, "predicates are not supported in the processor: filter with "
                        + "a route job (or the job's where, on dedup jobs)");
            }
        }
        Transformation<?> transform;
        String deadLetterRoute;
        try {
            transform = instantiate(type);
        } catch (IllegalArgumentException e) {
            throw new KeyProblem(prefix + "type", e.getMessage());
        }
        try {
            ConfigDef def = transform.config();
            Object route = own.containsKey(DLQ_TOPIC) ? own.get(DLQ_TOPIC) : def.defaultValues().get(DLQ_TOPIC);
            deadLetterRoute = def.names().contains(DLQ_TOPIC) && route != null && !route.toString().isBlank()
                    ? route.toString() : null;
            for (String key : own.keySet()) {
                if (!def.names().contains(key)) {
                    throw new KeyProblem(prefix + key, "not a key of " + type + " (its keys: "
                            + String.join(", ", def.names().stream().sorted().toList()) + ")");
                }
            }
            for (ConfigValue value : def.validate(own)) {
                if (!value.errorMessages().isEmpty()) {
                    throw new KeyProblem(prefix + value.name(), String.join("; ", value.errorMessages()));
                }
            }
            // Per key validation does not see rules across keys (ValidateSchema without a schema, HeaderToField's
            // counts, Enrich's target.field with target.header): configure() does. It connects nowhere — Enrich's
            // Redis client connects on its first lookup, ValidateSchema's registry is asked on first use — and the
            // instance is closed right after, so only the task's own instances ever do work.
            try {
                transform.configure(own);
            } catch (RuntimeException e) {
                throw new KeyProblem(PREFIX + alias, type + " cannot be configured with these keys: " + e.getMessage());
            }
        } finally {
            transform.close();
        }
        return new JobSpec.Transforms.Step(alias, type, own, deadLetterRoute);
    }

    /** A new instance of a transform class, by the name a connector config gives it ({@code Outer$Value}). */
    static Transformation<?> instantiate(String type) {
        Class<?> cls;
        try {
            cls = Class.forName(type, true, TransformSteps.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + type + " is not on the processor's classpath (it has "
                    + "Tributary's transforms and Kafka's own)");
        }
        if (!Transformation.class.isAssignableFrom(cls)) {
            throw new IllegalArgumentException(type + " is not a Connect Transformation");
        }
        try {
            return (Transformation<?>) cls.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " cannot be created: " + e);
        }
    }
}
