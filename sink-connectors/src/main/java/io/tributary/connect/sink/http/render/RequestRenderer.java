package io.tributary.connect.sink.http.render;

import io.tributary.connect.sink.http.config.HttpSinkConfig;
import io.tributary.connect.sink.http.template.RecordJson;
import io.tributary.connect.sink.http.template.RecordTemplate;
import io.tributary.connect.sink.http.template.RecordTemplate.Encoding;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns a record into its URL, headers and body part, from the templates of the configuration. */
public final class RequestRenderer {

    /** RFC 9110 token characters: what a header name may be made of. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("connection", "content-length", "expect",
            "host", "upgrade");

    private record HeaderTemplate(String name, RecordTemplate value) {
    }

    private final RecordTemplate url;
    private final List<HeaderTemplate> headers;
    private final RecordTemplate body;
    private final boolean raw;
    private final RecordJson json;
    /** The URI and headers when no template of theirs has a placeholder: rendered once, not per record. */
    private final URI constantUri;
    private final List<RenderedRecord.Header> constantHeaders;

    private RequestRenderer(RecordTemplate url, List<HeaderTemplate> headers, RecordTemplate body, boolean raw,
                            RecordJson json) {
        this.url = url;
        this.headers = headers;
        this.body = body;
        this.raw = raw;
        this.json = json;
        this.constantUri = url.hasPlaceholders() ? null : URI.create(url.render(null, Encoding.URL));
        this.constantHeaders = headers.stream().anyMatch(h -> h.value().hasPlaceholders()) ? null
                : headers.stream().map(h -> new RenderedRecord.Header(h.name(), h.value().render(null,
                        Encoding.HEADER))).toList();
    }

    /** Parses the templates; {@link IllegalArgumentException} naming the key and position when one is malformed. */
    public static RequestRenderer of(HttpSinkConfig config) {
        RecordJson json = config.recordJson();
        return new RequestRenderer(url(config.urlTemplate(), json),
                headers(config.headerTemplates(), config.batchFormat(), json), body(config.bodyTemplate(), json),
                config.rawBody(), json);
    }

    public static RecordTemplate url(String text) {
        return url(text, RecordJson.DEFAULT);
    }

    private static RecordTemplate url(String text, RecordJson json) {
        return RecordTemplate.parse(HttpSinkConfig.URL_CONFIG, text, json);
    }

    public static RecordTemplate body(String text) {
        return body(text, RecordJson.DEFAULT);
    }

    private static RecordTemplate body(String text, RecordJson json) {
        return text == null || text.isBlank() ? null
                : RecordTemplate.parse(HttpSinkConfig.BODY_TEMPLATE_CONFIG, text, json);
    }

    /** The header templates, plus a Content-Type for the batch format unless one is given. */
    static List<HeaderTemplate> headers(List<String> entries, HttpSinkConfig.BatchFormat format, RecordJson json) {
        List<HeaderTemplate> parsed = new ArrayList<>();
        boolean contentType = false;
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(HttpSinkConfig.HEADERS_CONFIG + " entry '" + entry
                        + "' is not 'Name: value' with a valid header name");
            }
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(HttpSinkConfig.HEADERS_CONFIG + " cannot set '" + name
                        + "': the HTTP client sets it");
            }
            parsed.add(new HeaderTemplate(name, RecordTemplate.parse(HttpSinkConfig.HEADERS_CONFIG + " '" + name + "'",
                    entry.substring(colon + 1).trim(), json)));
            contentType |= name.toLowerCase(Locale.ROOT).equals("content-type");
        }
        if (!contentType) {
            String type = format == HttpSinkConfig.BatchFormat.NDJSON ? "application/x-ndjson" : "application/json";
            parsed.add(0, new HeaderTemplate("Content-Type", RecordTemplate.parse("Content-Type", type)));
        }
        return List.copyOf(parsed);
    }

    /** Checks every template of the configuration parses. */
    public static void validateHeaders(List<String> entries) {
        headers(entries, HttpSinkConfig.BatchFormat.JSON_ARRAY, RecordJson.DEFAULT);
    }

    /** Renders {@code record}; {@link DataException} naming the placeholder and the record when it cannot be. */
    public RenderedRecord render(SinkRecord record, long nowMs) {
        URI uri = constantUri;
        if (uri == null) {
            String target = url.render(record, Encoding.URL);
            try {
                uri = URI.create(target);
            } catch (IllegalArgumentException e) {
                throw new DataException(HttpSinkConfig.URL_CONFIG + " renders to an invalid URL for record "
                        + RecordJson.describe(record) + ": " + e.getMessage(), e);
            }
        }
        List<RenderedRecord.Header> rendered = constantHeaders;
        if (rendered == null) {
            rendered = new ArrayList<>(headers.size());
            for (HeaderTemplate header : headers) {
                rendered.add(new RenderedRecord.Header(header.name(), header.value().render(record, Encoding.HEADER)));
            }
            rendered = List.copyOf(rendered);
        }
        byte[] bytes;
        if (raw) {
            bytes = rawValue(record);
        } else if (body == null) {
            bytes = json.writeBytes(record.valueSchema(), record.value());
        } else {
            bytes = body.render(record, Encoding.JSON).getBytes(StandardCharsets.UTF_8);
        }
        return new RenderedRecord(record, uri, rendered, bytes, nowMs);
    }

    /** The value as it came, for {@code http.body.raw.enabled}: bytes or a string, already the body's JSON. */
    private static byte[] rawValue(SinkRecord record) {
        Object value = record.value();
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new DataException(HttpSinkConfig.RAW_BODY_CONFIG + " sends values as they are, but record "
                + RecordJson.describe(record) + " holds " + (value == null ? "no value" : "a "
                + value.getClass().getSimpleName()) + ": use ByteArrayConverter or StringConverter for values");
    }
}
