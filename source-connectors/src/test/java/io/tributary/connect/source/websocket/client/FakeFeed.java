package io.tributary.connect.source.websocket.client;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.IoUtils;

import javax.net.ssl.SSLContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * An upstream WebSocket feed on loopback (Undertow): records each handshake's headers and every text message the
 * client sends; sends what a test tells it to, to the latest connection; drops connections; stops answering Pings;
 * refuses handshakes without the expected token.
 */
final class FakeFeed implements AutoCloseable {

    /** One accepted connection: its handshake headers, and the text messages the client sent on it. */
    record Peer(WebSocketChannel channel, Map<String, List<String>> headers, List<String> received) {
    }

    private final Undertow server;
    private final int port;
    private final String scheme;
    final List<Peer> peers = new CopyOnWriteArrayList<>();
    private volatile boolean pongs = true;
    private volatile String requiredAuthorization;
    /** Run on the server's I/O thread for each text message a client sends: (peer, message). */
    private volatile BiConsumer<Peer, String> onMessage = (peer, message) -> { };
    /** Run on the server's I/O thread when a connection opens (before any message). */
    private volatile java.util.function.Consumer<Peer> onConnect = peer -> { };

    FakeFeed() {
        this(null);
    }

    /** A feed over TLS (wss://) with the server's key and certificate in {@code tls}; plain ws:// when null. */
    FakeFeed(SSLContext tls) {
        HttpHandler websocket = Handlers.websocket((exchange, channel) -> {
            Peer peer = new Peer(channel, Map.copyOf(exchange.getRequestHeaders()), new CopyOnWriteArrayList<>());
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    peer.received().add(message.getData());
                    onMessage.accept(peer, message.getData());
                }

                @Override
                protected void onFullPingMessage(WebSocketChannel ch, BufferedBinaryMessage message)
                        throws java.io.IOException {
                    if (pongs) {
                        super.onFullPingMessage(ch, message);
                    } else {
                        message.getData().free();
                    }
                }
            });
            channel.resumeReceives();
            peers.add(peer);
            onConnect.accept(peer);
        });
        HttpHandler guarded = exchange -> {
            String required = requiredAuthorization;
            if (required != null && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.setStatusCode(401);
                exchange.endExchange();
                return;
            }
            websocket.handleRequest(exchange);
        };
        Undertow.Builder builder = Undertow.builder().setHandler(guarded);
        server = (tls == null ? builder.addHttpListener(0, "127.0.0.1")
                : builder.addHttpsListener(0, "127.0.0.1", tls)).build();
        scheme = tls == null ? "ws" : "wss";
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    String url(String path) {
        return scheme + "://127.0.0.1:" + port + path;
    }

    void onMessage(BiConsumer<Peer, String> action) {
        this.onMessage = action;
    }

    void onConnect(java.util.function.Consumer<Peer> action) {
        this.onConnect = action;
    }

    void answerPings(boolean answer) {
        this.pongs = answer;
    }

    void requireAuthorization(String value) {
        this.requiredAuthorization = value;
    }

    Peer latest() {
        return peers.get(peers.size() - 1);
    }

    static void send(Peer peer, String text) {
        WebSockets.sendText(text, peer.channel(), null);
    }

    static void sendBinary(Peer peer, byte[] bytes) {
        WebSockets.sendBinary(ByteBuffer.wrap(bytes), peer.channel(), null);
    }

    /** A text frame of raw bytes, which need not be UTF-8. */
    static void sendRawText(Peer peer, byte[] bytes) {
        WebSockets.sendText(ByteBuffer.wrap(bytes), peer.channel(), null);
    }

    static void sendText(Peer peer, String... texts) {
        for (String text : texts) {
            send(peer, text);
        }
    }

    /** Sends the texts, then a Close frame (1001 going away): the server ends the connection after them. */
    static void sendThenClose(Peer peer, String... texts) {
        sendText(peer, texts);
        WebSockets.sendClose(1001, "going away", peer.channel(), null);
    }

    /** Closes the TCP connection without a Close frame, as a crashed server or a cut network would. */
    static void drop(Peer peer) {
        IoUtils.safeClose(peer.channel());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop();
    }
}
