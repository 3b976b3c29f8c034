package io.tributary.connect.source.file;

import io.tributary.connect.source.file.config.FileSourceConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** File source configs for tests: the required keys filled in, the rest as given. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static Map<String, String> props(Path dir, String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "file-source-test");
        props.put(FileSourceConfig.TOPIC_CONFIG, "events");
        props.put(FileSourceConfig.FILE_PATH_CONFIG, dir.toString());
        props.put(FileSourceConfig.FILE_MIN_AGE_CONFIG, "0");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    public static FileSourceConfig config(Path dir, String... keyValues) {
        return new FileSourceConfig(props(dir, keyValues));
    }
}
