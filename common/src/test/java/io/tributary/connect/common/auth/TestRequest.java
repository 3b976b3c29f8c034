package io.tributary.connect.common.auth;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** A request built by hand: headers (case-insensitive names), query parameters and a body or none. */
final class TestRequest implements AuthRequest {

    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, String> query = new HashMap<>();
    private final String method;
    private final String path;
    private final byte[] body;

    private TestRequest(String method, String path, byte[] body) {
        this.method = method;
        this.path = path;
        this.body = body;
    }

    /** An HTTP POST of {@code body}. */
    static TestRequest post(String body) {
        return new TestRequest("POST", "/events", body.getBytes(StandardCharsets.UTF_8));
    }

    /** A WebSocket handshake: a GET without a body. */
    static TestRequest handshake() {
        return new TestRequest("GET", "/ws", null);
    }

    TestRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    TestRequest query(String name, String value) {
        query.put(name, value);
        return this;
    }

    TestRequest bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    @Override
    public String header(String name) {
        return headers.get(name);
    }

    @Override
    public String queryParameter(String name) {
        return query.get(name);
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public byte[] body() {
        return body;
    }
}
