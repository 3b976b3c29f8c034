package io.tributary.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @Test
    void aPortWithAListenerIsTakenAndAnotherIsChosenAndNamed() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = listener.getLocalPort();
            assertThat(Ports.isFree(port)).isFalse();
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            int chosen = Ports.preferred(port, "Kafka broker", new PrintStream(said, true, StandardCharsets.UTF_8));
            assertThat(chosen).isNotEqualTo(port);
            assertThat(said.toString(StandardCharsets.UTF_8))
                    .contains("port " + port + " (Kafka broker) is taken on 127.0.0.1; using " + chosen + " instead");
        }
    }

    @Test
    void aPortWhoseLastConnectionIsInTimeWaitIsFree() throws IOException {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
                 Socket accepted = listener.accept()) {
                // The server side closes first, so its end of the connection stays in TIME_WAIT on this port.
                accepted.close();
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
        assertThat(Ports.isFree(port)).isTrue();
    }
}
