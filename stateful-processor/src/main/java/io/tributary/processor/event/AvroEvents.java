package io.tributary.processor.event;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.registry.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro input in a schema registry's wire formats, read with Avro's own binary decoder and schema resolution (see
 * {@link SchemaRegistry} for why not Apicurio's deserializer on the per-record path).
 *
 * <p>The writer schema's id comes as the job's {@code input.wire.format} says ({@link WireFraming}): a global id in
 * the {@code apicurio.value.globalId} header or after magic byte 0 (8 bytes), or a content id after magic byte 0
 * (4 bytes, Confluent's framing as Apicurio's serde and converter write it with {@code as-confluent=true} and
 * {@code use-id=contentId}). A content id names content, which several artifacts may hold: the writer's artifact is
 * then the one that registered it first (lowest global id), and dead letters name them all. The reader schema is
 * the job's {@code input.schema.version} of {@code input.schema.artifact} (default: the writer's own artifact), or
 * that artifact's latest version. "Latest" is looked up again whenever a record carries an id this instance has not
 * seen, and a newer latest version replaces the current reader only if it can read what the current reader reads
 * (an added optional field, a widened type); otherwise the current reader stays and a warning names both versions.
 *
 * <p>Each id is resolved once per instance: writer schema, reader schema and Avro's compatibility check. A writer
 * the reader cannot read (Avro's schema resolution fails), or an id the registry does not know, makes every record
 * with that id a dead letter (stage {@code schema}) naming the subject and version; the registry is not asked again
 * per record.
 */
public final class AvroEvents implements EventReader {

    public static final String GLOBAL_ID_HEADER = WireFraming.GLOBAL_ID_HEADER;
    private static final Logger LOG = LoggerFactory.getLogger(AvroEvents.class);

    /**
     * What a schema id resolves to: the writer (for a content id, its first holder, and {@code content} naming every
     * holder), a reader for it, or the reason its records cannot be read.
     */
    private record Resolved(SchemaRegistry.Version writer, SchemaRegistry.Content content,
                            SchemaRegistry.Version reader, GenericDatumReader<Object> datumReader, String error) {
        /** "subject version 2 (global id 42)", or for a content id "a, b version 1, 3 (content id 7)". */
        String label(WireFraming.SchemaId id) {
            if (content != null) {
                return "schema " + content.subjects() + " version " + content.versions() + " (content id "
                        + content.contentId() + ")";
            }
            return "schema " + writer.subject() + " version " + writer.version() + " (" + id.describe() + ")";
        }
    }

    private final JobSpec.Formats formats;
    private final SchemaRegistry registry;
    private final Map<Long, Resolved> byGlobalId = new HashMap<>();
    private final Map<Long, Resolved> byContentId = new HashMap<>();
    /** The current reader schema per reader artifact (when reading with the latest version). */
    private final Map<String, SchemaRegistry.Version> readers = new HashMap<>();
    private BinaryDecoder decoder;
    private Resolved last;
    private WireFraming.SchemaId lastId;
    private byte[] lastValue;

    AvroEvents(JobSpec.Formats formats) {
        this(formats, SchemaRegistry.of(formats.registry()));
    }

    AvroEvents(JobSpec.Formats formats, SchemaRegistry registry) {
        this.formats = formats;
        this.registry = registry;
    }

    @Override
    public Map<String, Object> read(Headers headers, byte[] value) {
        last = null;
        lastId = null;
        lastValue = value;
        if (value == null) {
            throw new BadEvent("parse", "the record has no value (a tombstone)");
        }
        WireFraming.SchemaId id = WireFraming.of(formats.inputWire(), headers, value);
        lastId = id;
        Map<Long, Resolved> cache = id.contentId() ? byContentId : byGlobalId;
        Resolved r = cache.get(id.id());
        if (r == null) {
            r = resolve(id);
            if (r.writer() != null || r.datumReader() == null && !r.error().contains("is not in the registry")) {
                cache.put(id.id(), r);
            }
        }
        if (r.writer() != null) {
            last = r;
        }
        if (r.error() != null) {
            throw describe(value, new BadEvent("schema", r.error()));
        }
        int offset = id.offset();
        decoder = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, decoder);
        try {
            Object datum = r.datumReader().read(null, decoder);
            if (!(datum instanceof GenericRecord record)) {
                throw describe(value, new BadEvent("parse", "the value is an Avro " + r.reader().schema().getType()
                        + ", not a record"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) plain(record);
            return map;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadEvent bad) {
                throw bad;
            }
            throw describe(value, new BadEvent("parse", "the value cannot be read as " + r.label(id) + ": "
                    + e.getClass().getSimpleName()));
        }
    }

    private BadEvent describe(byte[] value, BadEvent why) {
        return describe(why, value);
    }

    @Override
    public BadEvent describe(BadEvent why, byte[] value) {
        if (value != lastValue || lastId == null) {
            return why;
        }
        if (last != null && last.content() != null) {
            SchemaRegistry.Content c = last.content();
            return why.aboutContent(c.subjects(), c.versions(), c.contentId());
        }
        if (last != null) {
            return why.about(last.writer().subject(), last.writer().version(), last.writer().globalId());
        }
        return lastId.contentId() ? why.aboutContent(null, null, lastId.id()) : why.about(null, null, lastId.id());
    }

    private Resolved resolve(WireFraming.SchemaId id) {
        SchemaRegistry.Version writer;
        SchemaRegistry.Content content = null;
        try {
            if (id.contentId()) {
                content = registry.byContentId(id.id());
                writer = content == null || content.holders().isEmpty() ? null : content.holders().get(0);
            } else {
                writer = registry.byGlobalId(id.id());
            }
        } catch (org.apache.avro.SchemaParseException e) {
            // Not Avro, or a schema with references (not resolved here): its records cannot be read.
            return new Resolved(null, null, null, null, "schema " + id.describe() + " is not an Avro schema this "
                    + "processor can parse: " + e.getMessage());
        }
        if (writer == null) {
            return new Resolved(null, null, null, null, "schema " + id.describe()
                    + (content == null ? " is not in the registry (" : " is held by no artifact version in the "
                    + "registry (") + registry.url() + ")");
        }
        String group = formats.readerGroup() == null ? writer.group() : formats.readerGroup();
        String artifact = formats.readerArtifact() == null ? writer.artifact() : formats.readerArtifact();
        SchemaRegistry.Version reader = reader(group, artifact);
        Resolved named = new Resolved(writer, content, null, null, null);
        if (reader == null) {
            return new Resolved(writer, content, null, null, "the reader schema " + artifact + " version "
                    + (formats.readerVersion() == null ? "latest" : formats.readerVersion())
                    + " is not in the registry (" + registry.url() + ")");
        }
        SchemaCompatibility.SchemaPairCompatibility check =
                SchemaCompatibility.checkReaderWriterCompatibility(reader.schema(), writer.schema());
        if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new Resolved(writer, content, reader, null, named.label(id) + " cannot be read as "
                    + reader.subject() + " version " + reader.version() + ": " + incompatibilities(check));
        }
        return new Resolved(writer, content, reader, new GenericDatumReader<>(writer.schema(), reader.schema()),
                null);
    }

    private SchemaRegistry.Version reader(String group, String artifact) {
        if (formats.readerVersion() != null) {
            return readers.computeIfAbsent(group + "/" + artifact,
                    k -> registry.version(group, artifact, formats.readerVersion()));
        }
        String key = group + "/" + artifact;
        SchemaRegistry.Version current = readers.get(key);
        SchemaRegistry.Version latest = registry.latest(group, artifact);
        if (current == null || latest != null && latest.globalId() != current.globalId()
                && latest.versionNumber() > current.versionNumber()
                && adopt(current, latest)) {
            current = latest;
            readers.put(key, current);
        }
        return current;
    }

    private static boolean adopt(SchemaRegistry.Version current, SchemaRegistry.Version latest) {
        SchemaCompatibility.SchemaPairCompatibility check =
                SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), current.schema());
        if (check.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            LOG.info("reading {} with version {} (was {})", latest.subject(), latest.version(), current.version());
            return true;
        }
        LOG.warn("{} version {} cannot read version {} ({}): still reading with version {}", latest.subject(),
                latest.version(), current.version(), incompatibilities(check), current.version());
        return false;
    }

    private static String incompatibilities(SchemaCompatibility.SchemaPairCompatibility check) {
        List<String> parts = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility i : check.getResult().getIncompatibilities()) {
            parts.add(i.getType() + " at " + i.getLocation() + (i.getMessage() == null ? "" : " (" + i.getMessage()
                    + ")"));
        }
        return parts.isEmpty() ? check.getDescription() : String.join("; ", parts);
    }

    /** Avro's generic values as the plain values JSON events have (strings, numbers, booleans, lists, maps). */
    static Object plain(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof CharSequence || v instanceof GenericEnumSymbol<?>) {
            return v.toString();
        }
        if (v instanceof GenericRecord record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Schema.Field f : record.getSchema().getFields()) {
                out.put(f.name(), plain(record.get(f.pos())));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(k.toString(), plain(x)));
            return out;
        }
        if (v instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof GenericFixed fixed) {
            return Base64.getEncoder().encodeToString(fixed.bytes());
        }
        return v.toString();
    }
}
