package io.tributary.launcher;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Just enough of the Redis protocol to seed the demos' lookup data: PING and pipelined SETs, DELs and HSETs. The launcher runs
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
        List<String[]> commands = new ArrayList<>();
        entries.forEach((key, value) -> commands.add(new String[] {"SET", key, value}));
        pipeline(host, port, commands);
    }

    /**
     * Replaces each hash of {@code hashes} (key → its fields) with the fields given (DEL, then one HSET of all of
     * them), and deletes each key of {@code absent}, in one pipeline.
     */
    static void hashes(String host, int port, Map<String, Map<String, String>> hashes, List<String> absent)
            throws IOException {
        List<String[]> commands = new ArrayList<>();
        hashes.forEach((key, fields) -> {
            commands.add(new String[] {"DEL", key});
            List<String> hset = new ArrayList<>(List.of("HSET", key));
            fields.forEach((field, value) -> {
                hset.add(field);
                hset.add(value);
            });
            commands.add(hset.toArray(String[]::new));
        });
        absent.forEach(key -> commands.add(new String[] {"DEL", key}));
        pipeline(host, port, commands);
    }

    /** Sends the commands in one pipeline; a reply that is an error ({@code -ERR ...}) fails, naming the command. */
    private static void pipeline(String host, int port, List<String[]> commands) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            for (String[] command : commands) {
                out.write(command(command));
            }
            out.flush();
            InputStream in = socket.getInputStream();
            for (String[] command : commands) {
                // SET answers +OK, DEL and HSET an integer (:n): single-line replies.
                String reply = readLine(in);
                if (!reply.startsWith("+") && !reply.startsWith(":")) {
                    throw new IOException("Redis refused a " + command[0] + ": " + reply);
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
