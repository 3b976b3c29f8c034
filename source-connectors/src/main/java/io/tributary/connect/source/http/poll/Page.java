package io.tributary.connect.source.http.poll;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.source.http.config.EndpointSpec;
import io.tributary.connect.source.http.config.HttpSourceConfig.PaginationType;
import io.tributary.connect.source.http.config.HttpSourceConfig.ResponseFormat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One response read: its records, each kept as the bytes it spans in the body, and the cursor of the page after it
 * (null when there is none).
 *
 * <p>The body is read with a streaming parser that walks only down to the records array and the cursor, and reads
 * each record there, once, into what the output needs — or only skips over it (checking it is well-formed) for
 * {@code output=string}, whose value is the record's own text.
 */
record Page(byte[] body, List<Slice> records, List<Object> values, String next) {

    /** A record: {@code length} bytes of the body from {@code offset}. */
    record Slice(int offset, int length) {
    }

    /**
     * Reads a record's value while the page is walked (the parser on its first token, left on its last), so a
     * record is parsed once; null to only find where records are.
     */
    interface ValueReader {
        Object read(JsonParser parser, JsonToken first) throws IOException;
    }

    /** The response is not what the endpoint's config says it should be: not JSON, no records array. */
    static final class BadResponse extends Exception {
        BadResponse(String message) {
            super(message);
        }
    }

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    static Page read(EndpointSpec spec, HttpResponse<byte[]> response, URI requested, String cursor,
                     ValueReader reader) throws BadResponse {
        byte[] body = response.body();
        List<Slice> records = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        Records into = new Records(reader, records, values);
        String[] found = new String[1];   // the cursor in the body, for cursor pagination
        try (JsonParser parser = JsonData.FACTORY.createParser(body)) {
            if (spec.format() == ResponseFormat.NDJSON) {
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    into.take(parser, token);
                }
            } else {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw new BadResponse("the response is empty, not a JSON document");
                }
                Walk walk = new Walk(parser, pointer(spec.records()), spec.pagination() == PaginationType.CURSOR
                        ? pointer(spec.cursorPointer()) : null, into, found);
                walk.value(first, "");
                if (parser.nextToken() != null) {
                    throw new BadResponse("the response is not valid JSON: more after the document, at line "
                            + parser.currentTokenLocation().getLineNr() + ", column "
                            + parser.currentTokenLocation().getColumnNr());
                }
                if (!walk.recordsFound && spec.records() != null) {
                    throw new BadResponse("no array of records at '" + spec.records() + "' in the response");
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new BadResponse("the response is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new BadResponse("the response cannot be read: " + e);
        }
        return new Page(body, records, values, next(spec, response, requested, cursor, found[0], records.size()));
    }

    private static String pointer(JsonPointer pointer) {
        return pointer == null ? null : pointer.toString();
    }

    /** Takes each record: where it is in the body, and its value if a reader wants one. */
    private record Records(ValueReader reader, List<Slice> slices, List<Object> values) {
        void take(JsonParser parser, JsonToken token) throws IOException {
            int start = (int) parser.currentTokenLocation().getByteOffset();
            if (reader != null) {
                values.add(reader.read(parser, token));
            } else {
                values.add(null);
                if (token.isStructStart()) {
                    parser.skipChildren();   // still checks the record is well-formed
                }
            }
            int end = (int) parser.currentLocation().getByteOffset();
            slices.add(new Slice(start, end - start));
        }
    }

    /**
     * Walks the document, descending only into containers on the way to the records (taken as slices) or the
     * cursor (taken as text); everything else is skipped.
     */
    private static final class Walk {
        private final JsonParser parser;
        private final String recordsAt;
        private final String cursorAt;
        private final Records records;
        private final String[] cursor;
        boolean recordsFound;

        Walk(JsonParser parser, String recordsAt, String cursorAt, Records records, String[] cursor) {
            this.parser = parser;
            this.recordsAt = recordsAt == null ? "" : recordsAt;
            this.cursorAt = cursorAt;
            this.records = records;
            this.cursor = cursor;
        }

        void value(JsonToken token, String path) throws IOException, BadResponse {
            if (path.equals(recordsAt)) {
                recordsFound = true;
                if (token == JsonToken.START_ARRAY) {
                    JsonToken element;
                    while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                        records.take(parser, element);
                    }
                } else if (token == JsonToken.START_OBJECT && path.isEmpty()) {
                    records.take(parser, token);   // the response is one record
                } else if (token != JsonToken.VALUE_NULL) {
                    throw new BadResponse("no array of records at '" + (path.isEmpty() ? "the top" : path)
                            + "' of the response");
                }
                return;
            }
            if (path.equals(cursorAt)) {
                if (token.isScalarValue() && token != JsonToken.VALUE_NULL) {
                    cursor[0] = parser.getText();
                } else if (token.isStructStart()) {
                    parser.skipChildren();
                }
                return;
            }
            if (!token.isStructStart()) {
                return;
            }
            if (!leadsSomewhere(path)) {
                parser.skipChildren();
                return;
            }
            if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    value(parser.nextToken(), path + "/" + name.replace("~", "~0").replace("/", "~1"));
                }
            } else {
                int index = 0;
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    value(element, path + "/" + index++);
                }
            }
        }

        private boolean leadsSomewhere(String path) {
            return recordsAt.startsWith(path + "/") || cursorAt != null && cursorAt.startsWith(path + "/");
        }
    }

    private static String next(EndpointSpec spec, HttpResponse<byte[]> response, URI requested, String cursor,
                               String bodyCursor, int count) {
        PaginationType type = spec.pagination();
        switch (type) {
            case CURSOR:
                return bodyCursor == null || bodyCursor.isEmpty() ? null : bodyCursor;
            case LINK:
                for (String header : response.headers().allValues("Link")) {
                    Matcher link = LINK.matcher(header);
                    while (link.find()) {
                        Matcher rel = REL_NEXT.matcher(link.group(2));
                        while (rel.find()) {
                            for (String value : rel.group(1).trim().split("\\s+")) {
                                if (value.equalsIgnoreCase("next")) {
                                    return requested.resolve(link.group(1).trim()).toString();
                                }
                            }
                        }
                    }
                }
                return null;
            case PAGE:
            case OFFSET: {
                if (count == 0 || spec.limit() > 0 && count < spec.limit()) {
                    return null;
                }
                long current = cursor == null ? spec.start() : Long.parseLong(cursor);
                return String.valueOf(type == PaginationType.PAGE ? current + 1 : current + count);
            }
            default:
                return null;
        }
    }
}
