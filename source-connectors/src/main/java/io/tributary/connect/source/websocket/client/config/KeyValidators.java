package io.tributary.connect.source.websocket.client.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.JsonData;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The single-key validators of the WebSocket client source's keys, each naming what a good value looks like. */
final class KeyValidators {

    /**
     * Handshake headers the JDK client sets itself and refuses from the caller (lower case); any other header is
     * the caller's.
     */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    private KeyValidators() {
    }

    static ConfigDef.Validator urls() {
        return Validators.described("ws:// or wss:// URLs, each once", value -> {
            List<?> urls = (List<?>) value;
            if (urls == null || urls.isEmpty()) {
                return "needs at least one URL";
            }
            Set<String> seen = new HashSet<>();
            for (Object url : urls) {
                String problem = urlProblem(url.toString());
                if (problem != null) {
                    return problem;
                }
                if (!seen.add(url.toString())) {
                    return "'" + url + "' is listed twice";
                }
            }
            return null;
        });
    }

    /** Null when {@code url} is an absolute ws(s) URL with a host and no fragment; otherwise what is wrong with it. */
    static String urlProblem(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                return "'" + url + "' is not a ws:// or wss:// URL";
            }
            if (uri.getHost() == null) {
                return "'" + url + "' has no host";
            }
            if (uri.getFragment() != null) {
                return "'" + url + "' has a fragment, which a WebSocket URL cannot have";
            }
            return null;
        } catch (URISyntaxException e) {
            return "'" + url + "' is not a URL: " + e.getMessage();
        }
    }

    static ConfigDef.Validator headers() {
        return Validators.described("'Name: value' items", value -> {
            for (Object item : (List<?>) value) {
                String header = item.toString();
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    return "'" + header + "' is not 'Name: value'";
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (RESTRICTED_HEADERS.contains(name) || name.startsWith("sec-websocket-")) {
                    return "the handshake header '" + header.substring(0, colon).trim() + "' is set by the client"
                            + (name.equals("sec-websocket-protocol")
                            ? " (use " + WebSocketClientSourceConfig.SUBPROTOCOLS_CONFIG + ")" : "");
                }
            }
            return null;
        });
    }

    static ConfigDef.Validator subscribeMessages() {
        return Validators.described("a JSON array, or empty", value -> {
            String text = value == null ? "" : value.toString();
            if (text.isBlank()) {
                return null;
            }
            try {
                subscribeMessages(text);
                return null;
            } catch (ConfigException e) {
                return e.getMessage();
            }
        });
    }

    static ConfigDef.Validator jsonPointer() {
        return Validators.described("a JSON pointer such as /id, or empty", value -> {
            try {
                JsonPointer.compile(value == null ? "" : value.toString());
                return null;
            } catch (IllegalArgumentException e) {
                return "is not a JSON pointer: " + e.getMessage();
            }
        });
    }

    /** The messages of a {@link #SUBSCRIBE_CONFIG} value: strings as they are, other values as JSON. */
    static List<String> subscribeMessages(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        JsonNode array;
        try {
            array = JsonData.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new ConfigException("is not JSON (a JSON array of messages is expected)");
        }
        if (array == null || !array.isArray()) {
            throw new ConfigException("is not a JSON array (one element per message)");
        }
        List<String> messages = new ArrayList<>();
        for (JsonNode message : array) {
            messages.add(message.isTextual() ? message.textValue() : message.toString());
        }
        return messages;
    }
}
