package io.tributary.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports for the benchmarks' stacks and servers, rather than up's defaults (9092, 9093, 8083): a stack of
 * {@code ./tributary up} or of another benchmark may be running beside them.
 */
public final class BenchPorts {

    private BenchPorts() {
    }

    /** A port nothing listens on now, on 127.0.0.1. */
    public static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
