package io.tributary.connect.source.push.server;

/**
 * A route handler that holds connections beyond one request (WebSocket). When its connector's last task on the
 * server stops, it answers whatever its connections wait for and closes them with 1001 (going away), so that their
 * clients move to another worker at once instead of waiting for answers that will not come.
 */
public interface GoingAway {

    /**
     * Starts closing every connection this handler holds; does not block. The future completes when every close
     * frame is written (or could not be), with how many connections were closed.
     */
    java.util.concurrent.CompletableFuture<Integer> goAway();
}
