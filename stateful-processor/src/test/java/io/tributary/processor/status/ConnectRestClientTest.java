package io.tributary.processor.status;

import com.sun.net.httpserver.HttpServer;
import io.tributary.processor.config.StatusSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connectors of several Connect clusters in one listing ({@code status.connect.other.urls}: up's push-source
 * worker group beside the main worker): real HTTP servers on 127.0.0.1 answering as Connect's REST API does.
 */
class ConnectRestClientTest {

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A cluster whose {@code /connectors?expand=status&expand=info} lists one running source connector. */
    private String cluster(String connector, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String body = "{\"" + connector + "\":{\"status\":{\"name\":\"" + connector + "\",\"connector\":{\"state\":"
                + "\"RUNNING\",\"worker_id\":\"127.0.0.1:" + port + "\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\","
                + "\"worker_id\":\"127.0.0.1:" + port + "\"}],\"type\":\"source\"},\"info\":{\"name\":\"" + connector
                + "\",\"config\":{\"topic\":\"events-" + connector + "\"},\"tasks\":[],\"type\":\"source\"}}}";
        server.createContext("/connectors", exchange -> {
            boolean listing = exchange.getRequestURI().getPath().equals("/connectors");
            byte[] bytes = (listing ? body : "{\"error_code\":404}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(listing ? 200 : 404, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private static ConnectRestClient client(String connectUrl, String otherUrls) {
        return new ConnectRestClient(StatusSettings.of(Map.of(StatusSettings.CONNECT_URL_CONFIG, connectUrl,
                StatusSettings.CONNECT_OTHER_URLS_CONFIG, otherUrls)));
    }

    @Test
    void theOtherClustersConnectorsAreListedBesideTheFirstClusters() throws IOException {
        String main = cluster("files", 8083);
        String push = cluster("listener", 8084);
        ConnectRestClient.Listing listing = client(main, push).connectors();
        assertThat(listing.url()).isEqualTo(main);
        assertThat(listing.error()).isNull();
        assertThat(listing.connectors()).extracting(ConnectorView::name).containsExactly("files", "listener");
        assertThat(listing.connectors().get(1).workerId()).isEqualTo("127.0.0.1:8084");
    }

    @Test
    void anOtherClusterThatDoesNotAnswerIsNamedAndTheRestStillListed() throws IOException {
        String main = cluster("files", 8083);
        String dead = deadUrl();
        ConnectRestClient.Listing listing = client(main, dead).connectors();
        assertThat(listing.connectors()).extracting(ConnectorView::name).containsExactly("files");
        assertThat(listing.error()).contains(dead + "/connectors");
    }

    @Test
    void theFirstClusterNotAnsweringIsTheFailure() throws IOException {
        String dead = deadUrl();
        String push = cluster("listener", 8084);
        assertThatThrownBy(() -> client(dead, push).connectors()).isInstanceOf(IOException.class)
                .hasMessageContaining(dead);
    }
}
