package io.tributary.distribution;

import io.tributary.connect.common.config.ConfigDocs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.Map;

/**
 * The config reference of every plugin in the bundle, found the way a worker finds them (through the service
 * files), rendered from each plugin's own ConfigDef: {@code docs/config/<PluginName>.md}.
 */
public final class ConfigReference {

    /** One plugin: its class and its ConfigDef. */
    public record Plugin(Class<?> type, String kind, ConfigDef config) {
        public String fileName() {
            return type.getSimpleName() + ".md";
        }

        public String markdown() {
            return ConfigDocs.markdown(type.getSimpleName() + " (" + kind + ", " + type.getName() + ")", config);
        }
    }

    private ConfigReference() {
    }

    public static List<Plugin> plugins() {
        Map<String, Plugin> found = new TreeMap<>();
        for (SourceConnector c : ours(SourceConnector.class)) {
            found.put(c.getClass().getName(), new Plugin(c.getClass(), "source connector", c.config()));
        }
        for (SinkConnector c : ours(SinkConnector.class)) {
            found.put(c.getClass().getName(), new Plugin(c.getClass(), "sink connector", c.config()));
        }
        for (Transformation<?> t : ours(Transformation.class)) {
            found.put(t.getClass().getName(), new Plugin(t.getClass(), "transform", t.config()));
        }
        for (Predicate<?> p : ours(Predicate.class)) {
            found.put(p.getClass().getName(), new Plugin(p.getClass(), "predicate", p.config()));
        }
        return new ArrayList<>(found.values());
    }

    /** Instances of our plugins only: other service entries on a test classpath may do anything when created. */
    private static <T> List<T> ours(Class<T> type) {
        return ServiceLoader.load(type).stream()
                .filter(provider -> provider.type().getName().startsWith("io.tributary."))
                .map(ServiceLoader.Provider::get)
                .toList();
    }

}
