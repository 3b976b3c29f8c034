package io.tributary.connect.source.push.server;

import io.tributary.connect.common.auth.AuthRequest;
import io.undertow.server.HttpServerExchange;

import java.util.Deque;

/** A request (or WebSocket handshake, body {@code null}) as the authenticators see it. */
public record ExchangeAuthRequest(HttpServerExchange exchange, byte[] body) implements AuthRequest {

    @Override
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public String queryParameter(String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null ? null : values.peekFirst();
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toString();
    }

    @Override
    public String path() {
        return exchange.getRelativePath();
    }
}
