package io.tributary.connect.source.push.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** JSON responses and errors; an error body is {@code {"error": "..."}} and never echoes the request. */
public final class Responses {

    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

    private Responses() {
    }

    public static void json(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
    }

    public static void error(HttpServerExchange exchange, int status, String message) {
        json(exchange, status, "{\"error\":" + quote(message) + "}");
    }

    public static void retryLater(HttpServerExchange exchange, int status, int retryAfterSeconds, String message) {
        exchange.getResponseHeaders().put(RETRY_AFTER, Integer.toString(retryAfterSeconds));
        error(exchange, status, message);
    }

    /** {@code s} as a JSON string literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
