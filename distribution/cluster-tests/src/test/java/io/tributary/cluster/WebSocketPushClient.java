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
 * an ack per event, "written" once it is in Kafka. A close, an error, a nack or no answer within
 * {@link #ANSWER_TIMEOUT} ends the connection.
 */
final class WebSocketPushClient extends PushClient {

    /**
     * How long to wait for a frame's answer before giving the connection up. A stopping or killed worker shows up as a
     * close or an error at once (the listener below); this bounds only a worker that stays connected but silent. The
     * server answers once Kafka has the events (tens of ms here, a transaction per poll), so 5 s is far beyond a
     * healthy answer; a frame given up too early is sent again elsewhere and counted as a repeat.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private WebSocket socket;
    private Listener listener;

    WebSocketPushClient(List<Integer> ports, long seed, Timeline timeline) {
        super("websocket", ports, seed, timeline);
    }

    @Override
    protected String send(int port, List<String> events, List<String> ids) throws Exception {
        if (socket == null) {
            // A listener (and answer queue) per connection: a late answer of an abandoned connection never
            // counts for a frame sent on the next one.
            listener = new Listener();
            socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2))
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/events/stream"), listener)
                    .get(5, TimeUnit.SECONDS);
            note("connected to " + worker(port));
        }
        socket.sendText(String.join("\n", events) + "\n", true).get(5, TimeUnit.SECONDS);
        String answer = listener.answers.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (answer == null) {
            return "no answer within " + ANSWER_TIMEOUT.toMillis() + " ms";
        }
        if (answer.startsWith(Listener.ENDED)) {
            return answer.substring(Listener.ENDED.length());
        }
        JsonNode acks = ConnectRest.JSON.readTree(answer).path("acks");
        if (acks.size() != ids.size()) {
            return "answer of " + acks.size() + " acks for " + ids.size() + " events: " + answer;
        }
        for (int i = 0; i < ids.size(); i++) {
            JsonNode ack = acks.get(i);
            if (!"written".equals(ack.path("status").asText()) || !ids.get(i).equals(ack.path("ack").asText())) {
                return "nack " + ack;
            }
        }
        return null;
    }

    @Override
    protected void disconnect() {
        if (socket != null) {
            socket.abort();
            socket = null;
        }
    }

    private static final class Listener implements WebSocket.Listener {
        /** Marks an answer that is the connection's end (close or error), not a frame. */
        static final String ENDED = "\u0000";
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
            answers.add(ENDED + "closed by the server: " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            answers.add(ENDED + "connection error: " + describe(error));
        }
    }
}
