package io.tributary.bench.push;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket clients for the WebSocket server source: {@code connections} connections, each sending text frames of
 * NDJSON events with at most {@code window} frames unacknowledged, counting the events its ack frames report
 * {@code "status":"written"}.
 *
 * <p>A minimal RFC 6455 client on plain sockets (a sender and a reader thread per connection), not the JDK's
 * {@code java.net.http.WebSocket}: that one decodes every received text frame into characters one
 * {@code CharBuffer} call at a time, and with it the client's own threads took 60% of the profile and the subject
 * ran at a fifth of this rate. Frames are built (and masked) before the clock starts, as the raw producer's events
 * are in memory before its clock starts.
 */
final class StreamLoad {

    private static final byte[] WRITTEN = "\"status\":\"written\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NACK = "{\"nack\":".getBytes(StandardCharsets.US_ASCII);
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final int port;
    private final String path;
    private final SecureRandom random = new SecureRandom();

    StreamLoad(int port, String path) {
        this.port = port;
        this.path = path;
    }

    /** Events acknowledged as written and refused (nacks), and the time from the first frame to the last ack. */
    record Run(long acknowledged, long nacked, long frames, double seconds) {
    }

    /** Sends {@code events} over {@code connections} connections, frame f on connection f mod connections. */
    Run run(List<byte[]> events, int connections, int frameEvents, int window) throws Exception {
        int frames = (events.size() + frameEvents - 1) / frameEvents;
        List<List<byte[]>> perConnection = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            perConnection.add(new ArrayList<>());
        }
        for (int f = 0; f < frames; f++) {
            perConnection.get(f % connections).add(frame(events.subList(f * frameEvents,
                    Math.min(events.size(), (f + 1) * frameEvents))));
        }
        List<Connection> open = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2 * connections);
        try {
            for (int c = 0; c < connections; c++) {
                open.add(new Connection(connect(), window));
            }
            List<Future<?>> running = new ArrayList<>();
            long start = System.nanoTime();
            for (int c = 0; c < connections; c++) {
                Connection connection = open.get(c);
                List<byte[]> mine = perConnection.get(c);
                running.add(threads.submit(() -> connection.readAcks(mine.size())));
                running.add(threads.submit(() -> connection.send(mine)));
            }
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
            long acknowledged = 0;
            long nacked = 0;
            long last = start;
            for (Connection connection : open) {
                acknowledged += connection.acknowledged.get();
                nacked += connection.nacked.get();
                last = Math.max(last, connection.lastAckNanos);
            }
            return new Run(acknowledged, nacked, frames, (last - start) / 1e9);
        } finally {
            threads.shutdownNow();
            for (Connection connection : open) {
                connection.close();
            }
        }
    }

    /** The opening handshake; the socket is then a WebSocket. */
    private Socket connect() throws Exception {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection during the handshake: " + head);
            }
            head.write(b);
        }
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
        String response = head.toString(StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 101") || !response.contains(expected)) {
            throw new IOException("the WebSocket handshake was refused: " + response.lines().findFirst().orElse(""));
        }
        return socket;
    }

    /** A masked, final text frame holding the events as NDJSON. */
    private byte[] frame(List<byte[]> events) {
        int length = 0;
        for (byte[] event : events) {
            length += event.length + 1;
        }
        int header = 2 + (length > 0xFFFF ? 8 : length > 125 ? 2 : 0) + 4;
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81;
        int at = 2;
        if (length > 0xFFFF) {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame[at++] = (byte) ((long) length >>> (8 * i));
            }
        } else if (length > 125) {
            frame[1] = (byte) (0x80 | 126);
            frame[at++] = (byte) (length >>> 8);
            frame[at++] = (byte) length;
        } else {
            frame[1] = (byte) (0x80 | length);
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        System.arraycopy(mask, 0, frame, at, 4);
        at += 4;
        int payload = at;
        for (byte[] event : events) {
            System.arraycopy(event, 0, frame, at, event.length);
            at += event.length;
            frame[at++] = '\n';
        }
        for (int i = payload; i < frame.length; i++) {
            frame[i] ^= mask[(i - payload) & 3];
        }
        return frame;
    }

    /** One connection: its sender waits for room in the window before each frame; its reader counts acks. */
    private static final class Connection {
        private final Socket socket;
        private final Semaphore window;
        private final AtomicLong acknowledged = new AtomicLong();
        private final AtomicLong nacked = new AtomicLong();
        private volatile long lastAckNanos;

        Connection(Socket socket, int window) {
            this.socket = socket;
            this.window = new Semaphore(window);
        }

        Void send(List<byte[]> frames) throws Exception {
            OutputStream out = socket.getOutputStream();
            for (byte[] frame : frames) {
                if (!window.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new IOException("no ack for 60 s");
                }
                out.write(frame);
            }
            out.flush();
            return null;
        }

        /** Reads ack messages until {@code expected} arrived; pings and pongs are skipped, a close fails. */
        Void readAcks(int expected) throws IOException {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            ByteArrayOutputStream message = new ByteArrayOutputStream(16 * 1024);
            byte[] buf = new byte[16 * 1024];
            for (int received = 0; received < expected; ) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                int opcode = b0 & 0x0F;
                if (opcode == 0x8) {
                    throw new IOException("the server closed the WebSocket");
                }
                boolean data = opcode == 0x1 || opcode == 0x0;
                for (long left = length; left > 0; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException("the server closed the connection");
                    }
                    if (data) {
                        message.write(buf, 0, n);
                    }
                    left -= n;
                }
                if (data && (b0 & 0x80) != 0) {
                    byte[] ack = message.toByteArray();
                    message.reset();
                    acknowledged.addAndGet(occurrences(ack, WRITTEN));
                    nacked.addAndGet(occurrences(ack, NACK));
                    lastAckNanos = System.nanoTime();
                    received++;
                    window.release();
                }
            }
            return null;
        }

        void close() {
            try {
                // a close frame without payload (so its mask key masks nothing), then the socket
                socket.getOutputStream().write(new byte[] {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0});
                socket.close();
            } catch (IOException ignored) {
                // the run is over; the server drops the connection either way
            }
        }

        private static long occurrences(byte[] text, byte[] what) {
            long n = 0;
            outer:
            for (int i = 0; i <= text.length - what.length; i++) {
                for (int j = 0; j < what.length; j++) {
                    if (text[i + j] != what[j]) {
                        continue outer;
                    }
                }
                n++;
                i += what.length - 1;
            }
            return n;
        }
    }
}
