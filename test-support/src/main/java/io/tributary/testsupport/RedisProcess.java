package io.tributary.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Redis server of a test's own, on a free loopback port, for what a shared server must not be used for: stopping
 * it mid-run, blocking it (DEBUG SLEEP), requiring a password, counting its commands. Needs the redis-server binary
 * ({@code ./tributary services start} installs it where it is missing).
 */
public final class RedisProcess implements AutoCloseable {

    private final List<String> extraArgs;
    private final Path dir;
    private final int port;
    private Process process;

    private RedisProcess(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    public static RedisProcess start(String... extraArgs) {
        try {
            // Below the ephemeral range (LoopbackPorts): a port from ServerSocket(0) lies inside it, where the
            // readiness probe below can connect to itself (TCP simultaneous open) before redis-server listens, and
            // the test then starts against a server that is not up (PipelineIT: "Redis is unreachable" once).
            int port = LoopbackPorts.free();
            RedisProcess redis = new RedisProcess(port, Files.createTempDirectory("redis-test"), List.of(extraArgs));
            redis.startProcess();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--enable-debug-command", "yes"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            fail("Cannot start redis-server (" + e.getMessage() + "); run ./tributary services start to install it");
        }
        Await.until(Duration.ofSeconds(10), "redis-server on port " + port, this::answers);
    }

    /** Redis itself answers: a PING gets +PONG (or -NOAUTH from a server started with a password). */
    private boolean answers() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] reply = new byte[64];
            int n = socket.getInputStream().read(reply);
            String answer = n <= 0 ? "" : new String(reply, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the server (SIGTERM), as an outage. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts it again on the same port. */
    public void restart() {
        stop();
        try {
            startProcess();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
