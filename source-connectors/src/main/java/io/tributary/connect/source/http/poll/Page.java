package io.tributary.connect.source.http.poll;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
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

/** One response read: its records and the cursor of the page after it (null when there is none). */
record Page(List<JsonNode> records, String next) {

    /** The response is not what the endpoint's config says it should be: not JSON, no records array. */
    static final class BadResponse extends Exception {
        BadResponse(String message) {
            super(message);
        }
    }

    /** A response with anything after its JSON document (a second document, garbage) is not valid JSON. */
    private static final ObjectReader STRICT = JsonData.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]+)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    static Page read(EndpointSpec spec, HttpResponse<byte[]> response, URI requested, String cursor)
            throws BadResponse {
        List<JsonNode> records = new ArrayList<>();
        JsonNode document = null;
        byte[] body = response.body();
        try {
            if (spec.format() == ResponseFormat.NDJSON) {
                try (MappingIterator<JsonNode> values = JsonData.MAPPER.readerFor(JsonNode.class).readValues(body)) {
                    while (values.hasNextValue()) {
                        records.add(values.nextValue());
                    }
                }
            } else {
                document = STRICT.readTree(body);
                if (document == null || document.isMissingNode()) {
                    throw new BadResponse("the response is empty, not a JSON document");
                }
                JsonNode found = spec.records() == null ? document : document.at(spec.records());
                if (found.isArray()) {
                    found.forEach(records::add);
                } else if (found.isObject() && spec.records() == null) {
                    records.add(found);
                } else if (!found.isNull() || spec.records() == null) {
                    throw new BadResponse("no array of records at '" + spec.records() + "' in the response");
                }
            }
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
                message = j.getOriginalMessage() + " at line " + j.getLocation().getLineNr() + ", column "
                        + j.getLocation().getColumnNr();
            }
            throw new BadResponse("the response is not valid JSON: " + message);
        }
        return new Page(records, next(spec, response, requested, cursor, document, records.size()));
    }

    private static String next(EndpointSpec spec, HttpResponse<byte[]> response, URI requested, String cursor,
                               JsonNode document, int count) {
        PaginationType type = spec.pagination();
        switch (type) {
            case CURSOR: {
                if (document == null) {
                    return null;
                }
                JsonNode next = document.at(spec.cursorPointer());
                return next.isMissingNode() || next.isNull() || next.asText().isEmpty() ? null : next.asText();
            }
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

    /** The value a JSON pointer finds in a record, as text: null when missing or null. */
    static String text(JsonNode record, com.fasterxml.jackson.core.JsonPointer pointer) {
        if (pointer == null) {
            return null;
        }
        JsonNode found = record.at(pointer);
        if (found.isMissingNode() || found.isNull()) {
            return null;
        }
        return found.isValueNode() ? found.asText() : found.toString();
    }
}
