package io.tributary.connect.sink.clickhouse.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a refused record's value schema came from, for its dead-letter message: the Connect schema's name and
 * version and, for values that came through Apicurio Registry's converters, the registry artifact and version.
 *
 * <p>Apicurio's converters (2.6) give the Connect schema no version (they pass none to their AvroData), so the
 * registry coordinates come from the record's headers: Apicurio's serializers write the schema's global id as
 * {@code apicurio.value.globalId} (8 bytes, big-endian) unless {@code apicurio.registry.headers.enabled=false} puts it
 * in the payload, where a sink cannot see it. With the converter's registry URL in the connector's config
 * ({@code value.converter.apicurio.registry.url}, the v2 API), the artifact and version of that id are looked up —
 * only here, for a refused record, once per id (cached, failures too): never on the path of records written.
 */
final class SchemaOrigins {

    private static final Logger log = LoggerFactory.getLogger(SchemaOrigins.class);

    static final String REGISTRY_URL_CONFIG = "value.converter.apicurio.registry.url";
    static final String GLOBAL_ID_HEADER = "apicurio.value.globalId";
    static final String CONTENT_ID_HEADER = "apicurio.value.contentId";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registryUrl;
    private final Map<Long, String> artifacts = new ConcurrentHashMap<>();
    private HttpClient http;

    SchemaOrigins(Map<String, String> props) {
        String url = props.get(REGISTRY_URL_CONFIG);
        this.registryUrl = url == null || url.isBlank() ? null : url.replaceAll("/+$", "");
    }

    /** {@code value schema 'io.example.Reading' version 2; registry globalId 7: artifact default/readings-value version 2}. */
    String describe(SinkRecord record) {
        StringBuilder out = new StringBuilder("value schema ");
        Schema schema = record.valueSchema();
        if (schema == null) {
            out.append("none (schemaless)");
        } else {
            out.append(schema.name() == null ? "(unnamed " + schema.type() + ")" : "'" + schema.name() + "'")
                    .append(" version ").append(schema.version() == null ? "(none)" : schema.version());
        }
        Long globalId = idHeader(record, GLOBAL_ID_HEADER);
        Long contentId = idHeader(record, CONTENT_ID_HEADER);
        if (globalId != null) {
            out.append("; registry globalId ").append(globalId);
            if (registryUrl != null) {
                String topic = io.tributary.connect.sink.OriginalCoordinates.partition(record).topic();
                String name = schema == null ? null : schema.name();
                out.append(": ").append(artifacts.computeIfAbsent(globalId, id -> lookUp(id, topic, name)));
            }
        } else if (contentId != null) {
            out.append("; registry contentId ").append(contentId);
        }
        return out.toString();
    }

    /**
     * An 8-byte id header however the worker's header converter left it: bytes (ByteArrayConverter), or text whose
     * UTF-8 bytes are the id (SimpleHeaderConverter, exact while each byte is below 0x80, as for ids below 2^7 per
     * byte — which covers every id up to 127 and most others), or a number.
     */
    static Long idHeader(SinkRecord record, String key) {
        Header header = record.headers().lastWithName(key);
        if (header == null || header.value() == null) {
            return null;
        }
        Object value = header.value();
        if (value instanceof Number n) {
            return n.longValue();
        }
        byte[] bytes = value instanceof byte[] b ? b
                : value instanceof String s && s.indexOf('\uFFFD') < 0 ? s.getBytes(StandardCharsets.UTF_8) : null;
        return bytes != null && bytes.length == 8 ? ByteBuffer.wrap(bytes).getLong() : null;
    }

    /**
     * The artifact and version holding {@code globalId}. The registry's search by global id finds only an
     * artifact's latest version, so the artifacts the converters' naming strategies would have used are tried too:
     * {@code <topic>-value} (TopicIdStrategy, the default), the record's full name (RecordIdStrategy, group = its
     * namespace, or the default group) and {@code <topic>-<full name>} (TopicRecordIdStrategy).
     */
    private String lookUp(long globalId, String topic, String schemaName) {
        try {
            List<String[]> candidates = new ArrayList<>();
            JsonNode found = get("/search/artifacts?globalId=" + globalId).path("artifacts").path(0);
            if (!found.isMissingNode()) {
                candidates.add(new String[] {found.path("groupId").asText("default"), found.path("id").asText()});
            }
            candidates.add(new String[] {"default", topic + "-value"});
            if (schemaName != null) {
                int dot = schemaName.lastIndexOf('.');
                if (dot > 0) {
                    candidates.add(new String[] {schemaName.substring(0, dot), schemaName.substring(dot + 1)});
                }
                candidates.add(new String[] {"default", schemaName});
                candidates.add(new String[] {"default", topic + "-" + schemaName});
            }
            for (String[] candidate : candidates) {
                JsonNode versions = getOrNull("/groups/" + encode(candidate[0]) + "/artifacts/" + encode(candidate[1])
                        + "/versions?limit=1000");
                for (JsonNode v : versions == null ? List.<JsonNode>of() : versions.path("versions")) {
                    if (v.path("globalId").asLong(-1) == globalId) {
                        return "artifact " + candidate[0] + "/" + candidate[1] + " version " + v.path("version").asText();
                    }
                }
            }
            return "artifact not found by the converters' naming strategies in the registry at " + registryUrl;
        } catch (Exception e) {
            log.warn("Could not look up registry globalId {} at {}: {}", globalId, registryUrl, e.toString());
            return "artifact unknown (registry lookup failed: " + e.getClass().getSimpleName() + ")";
        }
    }

    private JsonNode getOrNull(String path) throws Exception {
        try {
            return get(path);
        } catch (IllegalStateException notFound) {
            return null;
        }
    }

    private JsonNode get(String path) throws Exception {
        synchronized (this) {
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            }
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registryUrl + path))
                .timeout(TIMEOUT).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
