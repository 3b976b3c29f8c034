package io.tributary.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Just enough of the Redis protocol to seed the demo's lookup data: PING and pipelined SETs. The launcher runs
 * nothing else against Redis; a client library would be the larger part of its classpath.
 */
final class RedisSeed {

    private RedisSeed() {
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write(command("PING"));
            byte[] reply = new byte[7];
            int n = socket.getInputStream().read(reply);
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** SETs every entry in one pipeline and checks every reply. */
    static void set(String host, int port, Map<String, String> entries) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.write(command("SET", e.getKey(), e.getValue()));
            }
            out.flush();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < entries.size(); i++) {
                String reply = readLine(in);
                if (!reply.equals("+OK")) {
                    throw new IOException("Redis refused a SET: " + reply);
                }
            }
        }
    }

    private static byte[] command(String... parts) {
        StringBuilder out = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
