package io.tributary.connect.source.push.server;

import io.tributary.connect.common.http.TlsContexts;
import io.tributary.connect.source.push.config.PushSourceConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;
import org.xnio.SslClientAuthMode;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One HTTP/WebSocket server (Undertow's non-blocking core) per listening address in a worker JVM, shared by every
 * task of the push connectors that asks for that address: tasks of one connector share its routes and are dealt
 * requests in turn; two connectors (an HTTP listener and a WebSocket source, say) may share a port with different
 * paths. The server starts with its first task and stops with its last. {@code GET /health} is the server's own
 * ({@link ServerHealth}): which tasks it holds, and 503 once they are all stopping, for load balancers in front of
 * several workers.
 *
 * <p>Not the worker's Jetty: Connect does not expose it to plugins, and its REST port is for operators.
 */
public final class PushServer {

    private static final Logger log = LoggerFactory.getLogger(PushServer.class);
    private static final Map<String, PushServer> SERVERS = new HashMap<>();

    private final ServerSettings settings;
    private final Map<String, Route<?>> routes = new ConcurrentHashMap<>();
    private volatile Map<String, Route<?>> prefixes = Map.of();
    private final Undertow undertow;
    private final int port;
    private final ServerHealth health;

    private record Route<T>(String owner, HttpHandler handler, TaskPool<T> pool) {
    }

    private PushServer(ServerSettings settings) {
        this.settings = settings;
        Undertow.Builder builder = Undertow.builder()
                .setIoThreads(settings.ioThreads())
                .setWorkerThreads(2)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setSocketOption(Options.TCP_NODELAY, true)
                .setHandler(this::handle);
        if (settings.tls()) {
            builder.addHttpsListener(settings.port(), settings.host(), TlsContexts.of(settings.storeType(),
                    settings.truststorePath(), settings.truststorePassword(), settings.keystorePath(),
                    settings.keystorePassword(), PushSourceConfig.TLS_KEYSTORE_PATH_CONFIG + "/"
                            + PushSourceConfig.TLS_TRUSTSTORE_PATH_CONFIG));
            if (settings.clientAuth() != PushSourceConfig.ClientAuth.NONE) {
                builder.setSocketOption(Options.SSL_CLIENT_AUTH_MODE,
                        settings.clientAuth() == PushSourceConfig.ClientAuth.REQUIRED
                                ? SslClientAuthMode.REQUIRED : SslClientAuthMode.REQUESTED);
            }
        } else {
            builder.addHttpListener(settings.port(), settings.host());
        }
        this.undertow = builder.build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            throw new ConnectException("Cannot listen on " + settings.address() + ": " + rootMessage(e), e);
        }
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
        this.health = new ServerHealth(port);
        log.info("Push server listening on {} (port {})", settings, port);
    }

    /**
     * Joins {@code task} (number {@code index} of its connector) to its connector's routes on the server for
     * {@code settings}, starting the server if it is the first. The first task of a connector installs the routes
     * with the handler {@code handlerFor} builds over the connector's task pool.
     */
    public static synchronized <T> PushServer join(ServerSettings settings, String owner, int index,
                                                   List<String> paths, Function<TaskPool<T>, HttpHandler> handlerFor,
                                                   T task) {
        String key = settings.port() == 0 ? "ephemeral:" + System.identityHashCode(task) : settings.address();
        PushServer server = SERVERS.get(key);
        if (server != null && !server.settings.equals(settings)) {
            throw new ConnectException("Port " + settings.port() + " is already served on this worker with other "
                    + "server settings (" + server.settings + "); connectors sharing a port must agree on listener.* "
                    + "settings");
        }
        if (server == null) {
            server = new PushServer(settings);
            SERVERS.put(key, server);
        }
        server.add(owner, paths, handlerFor, task);
        server.health.joined(task, owner, index, paths);
        return server;
    }

    /**
     * {@code task} is stopping: no new request is dealt to it (the connector's other tasks here take them), and
     * {@code /health} reports it draining, 503 once no task on the server is left running. True if no task of the
     * connector is left to take requests here.
     */
    public boolean drain(String owner, Object task) {
        boolean last = false;
        synchronized (PushServer.class) {
            for (Route<?> route : routes.values()) {
                if (route.owner().equals(owner) && route.pool().remove(cast(task))) {
                    last = true;
                }
            }
            health.draining(task);
        }
        return last;
    }

    /**
     * The connector's last task here has stopped taking events: its handlers that hold connections close them
     * ({@link GoingAway}). Completes, with how many connections were closed, once their close frames are written.
     */
    public CompletableFuture<Integer> goAway(String owner) {
        Set<HttpHandler> handlers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Route<?> route : routes.values()) {
            if (route.owner().equals(owner)) {
                handlers.add(route.handler());
            }
        }
        CompletableFuture<Integer> closing = CompletableFuture.completedFuture(0);
        for (HttpHandler handler : handlers) {
            if (handler instanceof GoingAway going) {
                closing = closing.thenCombine(going.goAway(), Integer::sum);
            }
        }
        return closing;
    }

    /** Takes {@code task} off the server; the last task of the last connector stops it. Once only: a repeat is void. */
    public void leave(String owner, Object task) {
        synchronized (PushServer.class) {
            for (Map.Entry<String, Route<?>> e : Map.copyOf(routes).entrySet()) {
                Route<?> route = e.getValue();
                if (route.owner().equals(owner) && route.pool().remove(cast(task))) {
                    routes.remove(e.getKey());
                }
            }
            rebuildPrefixes();
            health.left(task);
            if (routes.isEmpty() && SERVERS.values().remove(this)) {
                undertow.stop();
                log.info("Push server on {} stopped", settings.address());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private <T> void add(String owner, Iterable<String> paths, Function<TaskPool<T>, HttpHandler> handlerFor, T task) {
        TaskPool<T> pool = null;
        HttpHandler handler = null;
        for (String path : paths) {
            Route<?> existing = routes.get(path);
            if (existing != null && !existing.owner().equals(owner)) {
                throw new ConnectException("Path " + path + " on port " + settings.port() + " is already served by "
                        + "connector '" + existing.owner() + "'");
            }
            if (existing != null) {
                @SuppressWarnings("unchecked")
                TaskPool<T> mine = (TaskPool<T>) existing.pool();
                pool = mine;
                handler = existing.handler();
            }
        }
        if (pool == null) {
            pool = new TaskPool<>();
            handler = handlerFor.apply(pool);
            for (String path : paths) {
                routes.put(path, new Route<>(owner, handler, pool));
            }
            rebuildPrefixes();
        }
        pool.add(task);
    }

    private void rebuildPrefixes() {
        Map<String, Route<?>> p = new TreeMap<>();
        routes.forEach((path, route) -> {
            if (path.endsWith("/")) {
                p.put(path, route);
            }
        });
        prefixes = p;
    }

    public int port() {
        return port;
    }

    public ServerSettings settings() {
        return settings;
    }

    private void handle(HttpServerExchange exchange) throws Exception {
        String path = exchange.getRelativePath();
        Route<?> route = routes.get(path);
        if (route == null) {
            for (Map.Entry<String, Route<?>> e : prefixes.entrySet()) {
                if (path.startsWith(e.getKey()) && path.length() > e.getKey().length()) {
                    route = e.getValue();
                    break;
                }
            }
        }
        if (route != null) {
            route.handler().handleRequest(exchange);
            return;
        }
        if (path.equals("/health")) {
            if (!Methods.GET.equals(exchange.getRequestMethod()) && !Methods.HEAD.equals(exchange.getRequestMethod())) {
                Responses.error(exchange, 405, "use GET");
                return;
            }
            var connector = exchange.getQueryParameters().get(ServerHealth.CONNECTOR_PARAM);
            ServerHealth.Answer answer = health.answer(connector == null ? null : connector.peekFirst());
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
            Responses.json(exchange, answer.status(), answer.body());
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        Responses.error(exchange, 404, "no such path: " + path);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
