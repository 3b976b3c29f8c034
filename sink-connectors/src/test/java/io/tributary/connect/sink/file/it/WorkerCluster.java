package io.tributary.connect.sink.file.it;

import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Kafka broker and one Connect worker for a test class ({@code @RegisterExtension static}): started before its first
 * test, closed after its last.
 */
final class WorkerCluster implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private ConnectCluster cluster;
    private ConnectRest rest;

    WorkerCluster(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = ConnectCluster.builder(name).start();
        rest = cluster.rest();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
    }

    ConnectCluster cluster() {
        return cluster;
    }

    /** The worker's REST API. */
    ConnectRest rest() {
        return rest;
    }
}
