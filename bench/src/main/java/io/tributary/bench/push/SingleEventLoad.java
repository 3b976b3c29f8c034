package io.tributary.bench.push;

import io.tributary.bench.Span;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Single-event requests ({@code POST /events}, one JSON object each) on {@code connections} keep-alive HTTP/1.1
 * connections, one request outstanding per connection, all driven by one selector thread — what wrk does. Each
 * request is timed from its write to the end of its response.
 *
 * <p>Why not the JDK {@code HttpClient}: on this benchmark's 2-core machine it answered at most 1,000–2,500
 * requests/s with 64 in flight against a server that does nothing (its async pipeline hands every request through
 * several threads), so it would have measured itself. Batches (500 events a request) need 40 requests/s per 20k
 * events/s and use it; single events need a client that costs little per request.
 */
final class SingleEventLoad {

    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress address;
    private final String head;

    SingleEventLoad(int port) {
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.head = "POST /events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: ";
    }

    /** Requests answered 200 (and their latencies), refused (429/503), failed otherwise. */
    record Run(long ok, long refused, long failed, double seconds, Latencies latencies) {

        double rate() {
            return ok / seconds;
        }

        /** The rate (or, over too short a span, the refusal: {@link Span}), latencies and refusals by the server. */
        String line(String subject) {
            String rate;
            if (Span.measurable(seconds)) {
                rate = String.format(Locale.ROOT, "%,10.0f req/s", rate());
            } else {
                Span.refuse(subject + ": " + Span.over(ok, seconds, "requests"));
                rate = Span.tooShort();
            }
            return String.format(Locale.ROOT, "  %-40s %,10d requests over %6.2f s %s   latency p50 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms; refused %,d, failed %,d", subject, ok, seconds, rate,
                    latencies.millisAt(0.5), latencies.millisAt(0.99), latencies.millisAt(1.0), refused, failed);
        }
    }

    /** Sends events (in turn, from the first) for {@code duration}, then waits for the requests still out. */
    Run run(List<byte[]> events, int connections, Duration duration) throws IOException {
        Latencies latencies = new Latencies();
        long[] counts = new long[3];
        try (Selector selector = Selector.open()) {
            List<Connection> open = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                Connection connection = new Connection(channel);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                open.add(connection);
            }
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            int next = 0;
            for (Connection connection : open) {
                connection.send(request(events.get(next++ % events.size())));
            }
            int outstanding = open.size();
            while (outstanding > 0) {
                selector.select(1_000);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    if (key.isWritable()) {
                        connection.flush();
                    }
                    if (key.isReadable() && connection.read()) {
                        int status = connection.status;
                        if (status == 200) {
                            latencies.add((System.nanoTime() - connection.sentNanos) / 1_000);
                        }
                        counts[status == 200 ? 0 : status == 429 || status == 503 ? 1 : 2]++;
                        if (System.nanoTime() < deadline) {
                            connection.send(request(events.get(next++ % events.size())));
                        } else {
                            outstanding--;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (Connection connection : open) {
                connection.channel.close();
            }
            return new Run(counts[0], counts[1], counts[2], seconds, latencies);
        }
    }

    private ByteBuffer request(byte[] event) {
        byte[] prefix = (head + event.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(prefix.length + event.length).put(prefix).put(event).flip();
    }

    /** One keep-alive connection with at most one request out; reads one response with a Content-Length. */
    private static final class Connection {
        private final SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private ByteBuffer out;
        private long sentNanos;
        private int status;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void send(ByteBuffer request) throws IOException {
            out = request;
            sentNanos = System.nanoTime();
            flush();
        }

        /** Writes what the socket takes; asks to be told when it takes more if the request is not all out. */
        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Reads what arrived; true when a whole response is in (then {@link #status} is its status). */
        boolean read() throws IOException {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            if (channel.read(in) < 0) {
                throw new IOException("the listener closed a connection");
            }
            byte[] buf = in.array();
            int end = headerEnd(buf, in.position());
            if (end < 0) {
                return false;
            }
            int total = end + contentLength(buf, end);
            if (in.position() < total) {
                return false;
            }
            status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
            in.flip().position(total);
            in.compact();
            return true;
        }

        private static int headerEnd(byte[] buf, int length) {
            for (int i = 3; i < length; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }

        private static int contentLength(byte[] buf, int headerEnd) throws IOException {
            outer:
            for (int i = 0; i + CONTENT_LENGTH.length < headerEnd; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                for (int j = 0; j < CONTENT_LENGTH.length; j++) {
                    if (Character.toLowerCase(buf[i + 1 + j]) != CONTENT_LENGTH[j]) {
                        continue outer;
                    }
                }
                int n = 0;
                for (int k = i + 1 + CONTENT_LENGTH.length; buf[k] != '\r'; k++) {
                    if (buf[k] >= '0' && buf[k] <= '9') {
                        n = n * 10 + buf[k] - '0';
                    }
                }
                return n;
            }
            throw new IOException("a response without Content-Length: " + new String(buf, 0, headerEnd,
                    StandardCharsets.US_ASCII));
        }
    }
}
