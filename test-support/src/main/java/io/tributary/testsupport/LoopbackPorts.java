package io.tributary.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free port on 127.0.0.1 for a server a test starts later (a worker's REST port, a listener's port), chosen BELOW
 * the kernel's ephemeral range. A port from {@code new ServerSocket(0)} lies inside that range, and between the test
 * choosing it and the server binding it (seconds, across a connector's creation) any outgoing connection of the JVMs
 * on the machine may be given it as its local port: PrometheusScrapeIT's listener once failed "Address already in
 * use" on 127.0.0.1:37613 that way. Outgoing connections never take ports below the range, so only another test
 * choosing the same port at the same moment can collide (random choice among ~20,000 ports).
 */
public final class LoopbackPorts {

    private static final int LOWEST = 10_000;

    private LoopbackPorts() {
    }

    /** A port that was free on 127.0.0.1 just now, below the ephemeral range when the kernel's range allows. */
    public static int free() throws IOException {
        int firstEphemeral = firstEphemeralPort();
        for (int attempt = 0; firstEphemeral - LOWEST > 1_000 && attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, firstEphemeral);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first port of Linux's ephemeral range ({@code ip_local_port_range}); 32768 where it cannot be read. */
    static int firstEphemeralPort() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
