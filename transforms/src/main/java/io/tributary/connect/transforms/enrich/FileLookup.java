package io.tributary.connect.transforms.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.NamedCsvRecord;
import io.tributary.connect.common.data.JsonData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A lookup table read from a file, for setups without Redis: JSON (an object of key → entry, or an array of
 * entries with a key field) or CSV (a header; one column is the key). The file is read again when it changes; a
 * version that cannot be read is logged and the table in use is kept.
 */
final class FileLookup implements LookupSource {

    private static final Logger log = LoggerFactory.getLogger(FileLookup.class);

    enum Format { JSON, CSV }

    private final Path file;
    private final Format format;
    private final String keyField;
    private final long reloadIntervalMs;
    private volatile Map<String, Object> table;
    private volatile long modified;
    private volatile long nextCheck;

    FileLookup(Path file, Format format, String keyField, long reloadIntervalMs) throws IOException {
        this.file = file;
        this.format = format;
        this.keyField = keyField;
        this.reloadIntervalMs = reloadIntervalMs;
        this.modified = Files.getLastModifiedTime(file).toMillis();
        this.table = load(file, format, keyField);
        this.nextCheck = System.currentTimeMillis() + reloadIntervalMs;
    }

    @Override
    public Object lookup(String key) {
        long now = System.currentTimeMillis();
        if (now >= nextCheck) {
            reloadIfChanged(now);
        }
        return table.get(key);
    }

    private synchronized void reloadIfChanged(long now) {
        if (now < nextCheck) {
            return;
        }
        nextCheck = now + reloadIntervalMs;
        try {
            long current = Files.getLastModifiedTime(file).toMillis();
            if (current != modified) {
                table = load(file, format, keyField);
                modified = current;
                log.info("Reloaded {} lookup entries from {}", table.size(), file);
            }
        } catch (IOException | RuntimeException e) {
            log.error("Lookup file {} was not reloaded, the table in use stays: {}", file, e.getMessage());
        }
    }

    static Map<String, Object> load(Path file, Format format, String keyField) throws IOException {
        Map<String, Object> table = new HashMap<>();
        if (format == Format.CSV) {
            try (CsvReader<NamedCsvRecord> csv = CsvReader.builder().ofNamedCsvRecord(file)) {
                for (NamedCsvRecord row : csv) {
                    Map<String, Object> entry = new LinkedHashMap<>(row.getFieldsAsMap());
                    Object key = entry.get(keyField);
                    if (key == null) {
                        throw new IOException("CSV row " + row.getStartingLineNumber() + " has no column '" + keyField + "'");
                    }
                    table.put(key.toString(), entry);
                }
            }
            return table;
        }
        JsonNode root = JsonData.MAPPER.readTree(file.toFile());
        if (root != null && root.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                table.put(e.getKey(), toValue(e.getValue()));
            }
        } else if (root != null && root.isArray()) {
            int i = 0;
            for (JsonNode entry : root) {
                JsonNode key = entry.get(keyField);
                if (key == null || key.isNull()) {
                    throw new IOException("entry " + i + " has no field '" + keyField + "'");
                }
                table.put(key.asText(), toValue(entry));
                i++;
            }
        } else {
            throw new IOException("a JSON lookup file holds an object (key to entry) or an array of entries");
        }
        return table;
    }

    private static Object toValue(JsonNode node) throws IOException {
        byte[] bytes = JsonData.MAPPER.writeValueAsBytes(node);
        return JsonData.parseSchemaless(bytes, 0, bytes.length);
    }

    int size() {
        return table.size();
    }

    @Override
    public void close() {
    }
}
