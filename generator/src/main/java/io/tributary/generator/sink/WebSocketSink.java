package io.tributary.generator.sink;

import io.tributary.generator.GeneratedEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Streams lines to a WebSocket server over several connections, as NDJSON text frames of up to {@code frameSize}
 * lines, dealt to the connections in turn, with at most {@code window} frames per connection waiting for their ack
 * frame. A line that is not UTF-8 cannot be a text frame: it goes alone as a binary frame (the server nacks it and
 * keeps it as a dead letter). {@link #flush()} waits until every frame sent is answered.
 */
public final class WebSocketSink implements EventSink {

    private static final long ANSWER_TIMEOUT_SECONDS = 60;

    private final List<Connection> connections = new ArrayList<>();
    private final int frameSize;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream(64 * 1024);
    private int inFrame;
    private int next;
    private final AtomicLong nacks = new AtomicLong();

    public WebSocketSink(URI uri, int connections, int frameSize, int window) throws IOException, InterruptedException {
        this.frameSize = Math.max(1, frameSize);
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < Math.max(1, connections); i++) {
            this.connections.add(new Connection(client, uri, Math.max(1, window), nacks));
        }
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException, InterruptedException {
        byte[] bytes = event.bytes();
        if (!isUtf8(bytes)) {
            sendFrame();
            nextConnection().sendBinary(bytes);
            return;
        }
        frame.write(bytes);
        frame.write('\n');
        if (++inFrame >= frameSize) {
            sendFrame();
        }
    }

    private void sendFrame() throws IOException, InterruptedException {
        if (inFrame == 0) {
            return;
        }
        nextConnection().sendText(frame.toString(StandardCharsets.UTF_8));
        frame.reset();
        inFrame = 0;
    }

    private Connection nextConnection() {
        return connections.get(next++ % connections.size());
    }

    @Override
    public void flush() throws IOException, InterruptedException {
        sendFrame();
        for (Connection c : connections) {
            c.awaitAnswers();
        }
    }

    /** Events the server refused or dead-lettered (nacks), for the caller to reconcile. */
    public long nacks() {
        return nacks.get();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        flush();
        for (Connection c : connections) {
            c.close();
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** One connection; each answer frame (ack, nack or acks) frees a window slot. */
    private static final class Connection implements WebSocket.Listener {
        private final WebSocket socket;
        private final Semaphore window;
        private final int size;
        private final AtomicLong nacks;
        private final StringBuilder partial = new StringBuilder();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Connection(HttpClient client, URI uri, int window, AtomicLong nacks) throws IOException, InterruptedException {
            this.window = new Semaphore(window);
            this.size = window;
            this.nacks = nacks;
            try {
                this.socket = client.newWebSocketBuilder().buildAsync(uri, this).get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("Cannot open a WebSocket to " + uri + ": " + e.getMessage(), e);
            }
        }

        void sendText(String text) throws IOException, InterruptedException {
            acquire();
            join(socket.sendText(text, true));
        }

        void sendBinary(byte[] bytes) throws IOException, InterruptedException {
            acquire();
            join(socket.sendBinary(ByteBuffer.wrap(bytes), true));
        }

        private void acquire() throws IOException, InterruptedException {
            if (!window.tryAcquire(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("no answer from the WebSocket server for " + ANSWER_TIMEOUT_SECONDS + " s");
            }
            Throwable failed = failure.get();
            if (failed != null) {
                throw new IOException("WebSocket failed: " + failed.getMessage(), failed);
            }
        }

        private static void join(CompletionStage<WebSocket> sent) throws IOException, InterruptedException {
            try {
                sent.toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException("Cannot send a frame: " + e.getMessage(), e);
            }
        }

        void awaitAnswers() throws IOException, InterruptedException {
            acquireAll();
            window.release(size);
        }

        private void acquireAll() throws IOException, InterruptedException {
            if (!window.tryAcquire(size, ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("frames still unanswered after " + ANSWER_TIMEOUT_SECONDS + " s");
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String answer = partial.toString();
                partial.setLength(0);
                int at = -1;
                while ((at = answer.indexOf("\"nack\"", at + 1)) >= 0) {
                    nacks.incrementAndGet();
                }
                window.release();
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            failure.set(error);
            window.release(size);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (statusCode != WebSocket.NORMAL_CLOSURE) {
                failure.set(new IOException("closed by the server: " + statusCode + " " + reason));
                window.release(size);
            }
            return null;
        }
    }
}
