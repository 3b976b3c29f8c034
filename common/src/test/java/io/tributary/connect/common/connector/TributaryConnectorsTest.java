package io.tributary.connect.common.connector;

import io.tributary.connect.common.Version;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TributaryConnectorsTest {

    /** A source whose work is a list of names, dealt in turn, as the HTTP source deals its endpoints. */
    static final class NamesSource extends TributarySourceConnector {

        @Override
        protected void check(Map<String, String> props) {
            if (!props.containsKey("names")) {
                throw new ConfigException("names", null, "required");
            }
        }

        private List<String> names() {
            return List.of(props().get("names").split(","));
        }

        @Override
        protected int taskCount(int maxTasks) {
            return Math.min(maxTasks, names().size());
        }

        @Override
        protected void addTaskKeys(Map<String, String> taskConfig, int index, int count) {
            taskConfig.put("mine", names().get(index) + "/" + count);
        }

        @Override
        public Class<? extends Task> taskClass() {
            return null;
        }

        @Override
        public ConfigDef config() {
            return new ConfigDef();
        }
    }

    static final class PlainSink extends TributarySinkConnector {

        @Override
        protected void check(Map<String, String> props) {
            if ("bad".equals(props.get("mode"))) {
                throw new ConfigException("mode", "bad", "not a mode");
            }
        }

        @Override
        public Class<? extends Task> taskClass() {
            return null;
        }

        @Override
        public ConfigDef config() {
            return new ConfigDef();
        }
    }

    @Test
    void sourceTasksCarryTheirIndexTheConnectorsKeysAndTheirShare() {
        NamesSource source = new NamesSource();
        source.start(Map.of("names", "a,b,c", "topic", "t"));

        List<Map<String, String>> tasks = source.taskConfigs(2);

        assertThat(tasks).containsExactly(
                Map.of("names", "a,b,c", "topic", "t", TaskIndex.CONFIG, "0", "mine", "a/2"),
                Map.of("names", "a,b,c", "topic", "t", TaskIndex.CONFIG, "1", "mine", "b/2"));
        assertThat(tasks).extracting(TaskIndex::of).containsExactly(0, 1);
    }

    @Test
    void aSourceRunsNoMoreTasksThanItsTaskCountAllows() {
        NamesSource source = new NamesSource();
        source.start(Map.of("names", "a,b,c"));

        assertThat(source.taskConfigs(8)).extracting(t -> t.get("mine")).containsExactly("a/3", "b/3", "c/3");
    }

    @Test
    void sinkTasksAreTheConnectorsConfigWithTheirIndex() {
        PlainSink sink = new PlainSink();
        sink.start(Map.of("topics", "t", "mode", "good"));

        assertThat(sink.taskConfigs(3)).containsExactly(
                Map.of("topics", "t", "mode", "good", TaskIndex.CONFIG, "0"),
                Map.of("topics", "t", "mode", "good", TaskIndex.CONFIG, "1"),
                Map.of("topics", "t", "mode", "good", TaskIndex.CONFIG, "2"));
    }

    @Test
    void aBadConfigFailsTheStartNamingTheKey() {
        assertThatThrownBy(() -> new NamesSource().start(Map.of("topic", "t")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("names");
        assertThatThrownBy(() -> new PlainSink().start(Map.of("mode", "bad")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("mode");
    }

    @Test
    void bothReportTheBuiltVersion() {
        assertThat(new NamesSource().version()).isEqualTo(Version.get());
        assertThat(new PlainSink().version()).isEqualTo(Version.get());
    }

    @Test
    void aTaskStartedWithoutAnIndexIsTaskZero() {
        assertThat(TaskIndex.of(Map.of())).isZero();
        assertThat(TaskIndex.of(Map.of(TaskIndex.CONFIG, "4"))).isEqualTo(4);
    }

    @Test
    void checkOffsetsNamesThePartitionOfTheFirstBadOffset() {
        Map<Map<String, ?>, Map<String, ?>> offsets = Map.of(Map.of("file", "x"), Map.of("position", -1L));

        assertThatThrownBy(() -> TributarySourceConnector.checkOffsets(offsets,
                (partition, offset) -> (Long) offset.get("position") < 0 ? "negative position" : null))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Invalid offset for partition {file=x}: negative position");
        assertThat(TributarySourceConnector.checkOffsets(offsets, (partition, offset) -> null)).isTrue();
    }
}
