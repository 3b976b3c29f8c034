package io.tributary.connect.source.file;

import io.tributary.connect.source.file.offset.FileOffset;
import io.tributary.connect.source.file.scan.FileIdentity;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stored offsets for many files at once. Each read makes the worker read its offsets topic to the end, so files
 * found in a scan are looked up in chunks rather than one by one.
 */
final class OffsetLookup {

    private static final int CHUNK = 1_000;

    private final OffsetStorageReader reader;

    OffsetLookup(OffsetStorageReader reader) {
        this.reader = reader;
    }

    Map<String, FileOffset> lookup(List<String> relativePaths) {
        Map<String, FileOffset> found = new HashMap<>();
        for (int from = 0; from < relativePaths.size(); from += CHUNK) {
            List<Map<String, String>> partitions = new ArrayList<>();
            for (String path : relativePaths.subList(from, Math.min(relativePaths.size(), from + CHUNK))) {
                partitions.add(FileOffset.partition(path));
            }
            Map<Map<String, String>, Map<String, Object>> stored = reader.offsets(partitions);
            stored.forEach((partition, offset) -> {
                if (offset != null) {
                    // Offsets stored by an earlier version name the file with the device: read in today's form.
                    FileOffset read = FileOffset.fromMap(offset);
                    found.put(partition.get(FileOffset.PATH), new FileOffset(FileIdentity.portable(read.identity()),
                            read.position(), read.lines(), read.eof()));
                }
            });
        }
        return found;
    }
}
