package io.tributary.distribution;

import io.tributary.connect.common.config.ConfigDocs;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The config reference of every plugin in the bundle, found the way a worker finds them (through the service
 * files), rendered from each plugin's own ConfigDef: {@code docs/config/<PluginName>.md}. The {@code $Key} and
 * {@code $Value} variants of a transform share one page.
 */
public final class ConfigReference {

    /** One plugin page: the plugin's name, its classes (variants) and its ConfigDef. */
    public record Plugin(String name, List<Class<?>> types, String kind, ConfigDef config) {
        public String fileName() {
            return name + ".md";
        }

        public String markdown() {
            List<String> classes = types.stream().map(Class::getName).toList();
            return ConfigDocs.markdown(name + " (" + kind + ": " + String.join(", ", classes) + ")", config);
        }
    }

    private ConfigReference() {
    }

    public static List<Plugin> plugins() {
        Map<String, Plugin> found = new TreeMap<>();
        for (SourceConnector c : ours(SourceConnector.class)) {
            add(found, c.getClass(), "source connector", c.config());
        }
        for (SinkConnector c : ours(SinkConnector.class)) {
            add(found, c.getClass(), "sink connector", c.config());
        }
        for (Transformation<?> t : ours(Transformation.class)) {
            add(found, t.getClass(), "transform", t.config());
        }
        for (Predicate<?> p : ours(Predicate.class)) {
            add(found, p.getClass(), "predicate", p.config());
        }
        // A converter is listed as a header converter too (the same class): one page, from the Converter list.
        for (Converter c : ours(Converter.class)) {
            add(found, c.getClass(), "converter", c.config());
        }
        return new ArrayList<>(found.values());
    }

    /** Every plugin class (variants included), for the manifest check. */
    public static List<Class<?>> pluginClasses() {
        return plugins().stream().flatMap(p -> p.types().stream()).toList();
    }

    private static void add(Map<String, Plugin> found, Class<?> type, String kind, ConfigDef config) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        Plugin existing = found.get(top.getSimpleName());
        List<Class<?>> types = new ArrayList<>(existing == null ? List.of() : existing.types());
        types.add(type);
        types.sort(java.util.Comparator.comparing(Class::getName));
        found.put(top.getSimpleName(), new Plugin(top.getSimpleName(), types, kind, config));
    }

    /** Instances of our plugins only: other service entries on a test classpath may do anything when created. */
    private static <T> List<T> ours(Class<T> type) {
        return ServiceLoader.load(type).stream()
                .filter(provider -> provider.type().getName().startsWith("io.tributary."))
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}
