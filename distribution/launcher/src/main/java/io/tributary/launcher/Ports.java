package io.tributary.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: the usual one when free, otherwise any free one, and the user is told which. */
final class Ports {

    private Ports() {
    }

    static int preferred(int port, String what, PrintStream out) throws IOException {
        if (isFree(port)) {
            return port;
        }
        int chosen = anyFree();
        out.printf("  port %d (%s) is taken on 127.0.0.1; using %d instead%n", port, what, chosen);
        return chosen;
    }

    /**
     * Whether the broker or the REST server could listen on the port. They bind with SO_REUSEADDR (Java's server
     * channels and Jetty do), so this does too: without it, connections of a run that ended a minute ago, still in
     * TIME_WAIT, made the usual ports look taken. A port with a live listener is still refused.
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    static int anyFree() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
