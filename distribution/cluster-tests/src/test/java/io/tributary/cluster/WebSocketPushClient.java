package io.tributary.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.ConnectRest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams frames (one event a line) to the WebSocket source on one connection; the server answers each frame with
 * an ack per event, "written" once it is in Kafka. A close, an error or no answer within 10 s ends the connection.
 */
final class WebSocketPushClient extends PushClient {

    private static final String CLOSED = "{\"closed\":true}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private WebSocket socket;
    private Listener listener;

    WebSocketPushClient(List<Integer> ports, long seed) {
        super("websocket", ports, seed);
    }

    @Override
    protected boolean send(int port, List<String> events, List<String> ids) throws Exception {
        if (socket == null) {
            // A listener (and answer queue) per connection: a late answer of an abandoned connection never
            // counts for a frame sent on the next one.
            listener = new Listener();
            socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/events/stream"), listener)
                    .get(5, TimeUnit.SECONDS);
        }
        socket.sendText(String.join("\n", events) + "\n", true).get(5, TimeUnit.SECONDS);
        String answer = listener.answers.poll(10, TimeUnit.SECONDS);
        if (answer == null) {
            return false;
        }
        JsonNode acks = ConnectRest.JSON.readTree(answer).path("acks");
        if (acks.size() != ids.size()) {
            return false;
        }
        for (int i = 0; i < ids.size(); i++) {
            JsonNode ack = acks.get(i);
            if (!"written".equals(ack.path("status").asText()) || !ids.get(i).equals(ack.path("ack").asText())) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void disconnect() {
        if (socket != null) {
            socket.abort();
            socket = null;
        }
    }

    private static final class Listener implements WebSocket.Listener {
        final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                answers.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            answers.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            answers.add(CLOSED);
        }
    }
}
