package io.tributary.connect.transforms.it;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink for tests in the worker's JVM: keeps every record it is given after the connector's transforms, and the
 * distinct value schemas (by identity) per original topic, so a test can see what a sink-side transform chain gives
 * a real sink.
 */
public class SchemaRecordingSink extends SinkConnector {

    /** The records received, by the {@code recorder} key of the connector's config. */
    public static final Map<String, Collection<SinkRecord>> RECORDS = new ConcurrentHashMap<>();
    /** The distinct value schema instances received, by recorder and original topic. */
    public static final Map<String, Set<Schema>> SCHEMAS = new ConcurrentHashMap<>();

    private Map<String, String> config;

    @Override
    public void start(Map<String, String> props) {
        config = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RecordingTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(config);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef().define("recorder", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "the recorder key");
    }

    @Override
    public String version() {
        return "test";
    }

    public static class RecordingTask extends SinkTask {
        private String recorder;

        @Override
        public void start(Map<String, String> props) {
            recorder = props.get("recorder");
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            for (SinkRecord record : records) {
                if (record.value() instanceof Struct struct) {
                    struct.validate();
                }
                RECORDS.computeIfAbsent(recorder, k -> new ConcurrentLinkedQueue<>()).add(record);
                SCHEMAS.computeIfAbsent(recorder + "/" + record.originalTopic(),
                        k -> Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>())))
                        .add(record.valueSchema());
            }
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "test";
        }
    }
}
