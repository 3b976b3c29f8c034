package io.tributary.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.ConnectRest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Polls every live worker's view of all connectors' status every second during the run and keeps every FAILED
 * connector or task it sees (with its trace's first line): a task that failed and was restarted would otherwise
 * leave no trace by the end.
 */
final class StatusWatch implements AutoCloseable {

    private final Cluster cluster;
    private final Set<String> failures = ConcurrentHashMap.newKeySet();
    private final AtomicInteger polls = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    StatusWatch(Cluster cluster) {
        this.cluster = cluster;
        this.thread = new Thread(this::run, "status-watch");
        thread.setDaemon(true);
    }

    StatusWatch start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            for (ConnectRest rest : cluster.liveRests()) {
                try {
                    ConnectRest.Response response = rest.get("connectors?expand=status");
                    if (response.status() != 200) {
                        continue;
                    }
                    polls.incrementAndGet();
                    response.json().fields().forEachRemaining(c -> {
                        JsonNode status = c.getValue().path("status");
                        if ("FAILED".equals(status.path("connector").path("state").asText())) {
                            failures.add(c.getKey() + ": " + firstLine(status.path("connector").path("trace")));
                        }
                        for (JsonNode task : status.path("tasks")) {
                            if ("FAILED".equals(task.path("state").asText())) {
                                failures.add(c.getKey() + " task " + task.path("id").asInt() + " on "
                                        + task.path("worker_id").asText() + ": " + firstLine(task.path("trace")));
                            }
                        }
                    });
                } catch (RuntimeException e) {
                    // the worker is stopping or starting: ask the next one
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String firstLine(JsonNode trace) {
        String text = trace.asText("");
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    List<String> failures() {
        return new ArrayList<>(failures);
    }

    int polls() {
        return polls.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
