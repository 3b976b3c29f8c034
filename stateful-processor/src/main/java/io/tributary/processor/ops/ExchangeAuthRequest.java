package io.tributary.processor.ops;

import com.sun.net.httpserver.HttpExchange;
import io.tributary.connect.common.auth.AuthRequest;

/** A request to the operations endpoint as common's authenticators see it: headers and query, no body (GETs only). */
record ExchangeAuthRequest(HttpExchange exchange) implements AuthRequest {

    @Override
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public String queryParameter(String name) {
        return OpsServer.query(exchange.getRequestURI().getRawQuery()).get(name);
    }

    @Override
    public String method() {
        return exchange.getRequestMethod();
    }

    @Override
    public String path() {
        return exchange.getRequestURI().getPath();
    }

    @Override
    public byte[] body() {
        return null;
    }
}
