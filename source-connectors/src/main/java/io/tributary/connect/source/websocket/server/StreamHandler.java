package io.tributary.connect.source.websocket.server;

import io.tributary.connect.common.auth.AuthResult;
import io.tributary.connect.source.push.ingest.Ingest;
import io.tributary.connect.source.push.ingest.PushMetrics;
import io.tributary.connect.source.push.server.Attachments;
import io.tributary.connect.source.push.server.ExchangeAuthRequest;
import io.tributary.connect.source.push.server.GoingAway;
import io.tributary.connect.source.push.server.Responses;
import io.tributary.connect.source.push.server.TaskPool;
import io.tributary.connect.source.websocket.server.config.WebSocketSourceConfig;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket endpoint: checks the handshake's credentials (header or query parameter: browsers cannot set
 * headers on a WebSocket) and the connection limit, then upgrades and hands the connection to a
 * {@link StreamConnection}.
 */
final class StreamHandler implements HttpHandler, GoingAway {

    private final TaskPool<Ingest> pool;
    private final WebSocketSourceConfig config;
    private final WebSocketProtocolHandshakeHandler handshake;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final Set<StreamConnection> connections = ConcurrentHashMap.newKeySet();

    StreamHandler(TaskPool<Ingest> pool, WebSocketSourceConfig config) {
        this.pool = pool;
        this.config = config;
        this.handshake = Handlers.websocket(this::onConnect);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        List<Ingest> tasks = pool.inTurn();
        if (tasks.isEmpty()) {
            Responses.retryLater(exchange, 503, 1, "the connector is not running");
            return;
        }
        PushMetrics metrics = tasks.get(0).metrics();
        String upgrade = exchange.getRequestHeaders().getFirst(Headers.UPGRADE);
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            metrics.badRequests.increment();
            exchange.getResponseHeaders().put(Headers.UPGRADE, "websocket");
            Responses.error(exchange, 426, "open a WebSocket here (Upgrade: websocket); HTTP events go to the "
                    + "HTTP listener");
            return;
        }
        AuthResult auth = tasks.get(0).authenticator().authenticate(new ExchangeAuthRequest(exchange, null));
        if (!auth.ok()) {
            metrics.authFailure(auth.failure() == null ? null : auth.failure().code());
            Responses.error(exchange, auth.outcome() == AuthResult.Outcome.FORBIDDEN ? 403 : 401, auth.reason());
            return;
        }
        if (open.get() >= config.maxConnections()) {
            Responses.retryLater(exchange, 503, config.retryAfterSeconds(), "too many connections "
                    + "(websocket.max.connections)");
            return;
        }
        if (auth.principal() != null) {
            exchange.putAttachment(Attachments.PRINCIPAL, auth.principal());
        }
        handshake.handleRequest(exchange);
    }

    private void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        open.incrementAndGet();
        String principal = exchange.getAttachment(Attachments.PRINCIPAL);
        StreamConnection connection = new StreamConnection(pool, config, channel, principal,
                "ws-" + ids.incrementAndGet());
        connections.add(connection);
        channel.addCloseTask(c -> {
            open.decrementAndGet();
            connections.remove(connection);
            connection.closed();
        });
        connection.start();
    }

    /** The connector's last task here stopped: every connection is answered and closed with 1001. */
    @Override
    public CompletableFuture<Integer> goAway() {
        List<StreamConnection> all = List.copyOf(connections);
        CompletableFuture<?>[] sent = all.stream().map(StreamConnection::goAway).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(sent).thenApply(done -> all.size());
    }
}
