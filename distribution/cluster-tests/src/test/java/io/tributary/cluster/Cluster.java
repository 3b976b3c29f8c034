package io.tributary.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Three Connect workers and two processor instances in child JVMs, each with fixed ports, so one stopped and started
 * again comes back as the same member (the same worker id, the same listener and WebSocket ports, the same state
 * directory and operations port).
 */
final class Cluster implements AutoCloseable {

    static final int WORKERS = 3;
    static final int PROCESSORS = 2;

    private final String bootstrap;
    private final Path work;
    private final Path processorHome;
    private final Timeline timeline;
    private final Map<String, String> workerProps = new HashMap<>();
    private final String workerClasspath;
    private final int[] restPorts = new int[WORKERS];
    private final int[] listenerPorts = new int[WORKERS];
    private final int[] webSocketPorts = new int[WORKERS];
    private final int[] opsPorts = new int[PROCESSORS];
    private final ForkedWorker[] workers = new ForkedWorker[WORKERS];
    private final ForkedProcessor[] processors = new ForkedProcessor[PROCESSORS];

    /** {@code processorHome}: the unpacked processor distribution; {@code timeline}: where stops and starts go. */
    Cluster(String bootstrap, Path work, Path plugins, Path processorHome, Timeline timeline) throws IOException {
        this.bootstrap = bootstrap;
        this.work = work;
        this.processorHome = processorHome;
        this.timeline = timeline;
        RollingRestartIT.shippedWorkerConfig().forEach((k, v) -> workerProps.put((String) k, (String) v));
        workerProps.remove("listeners");
        workerProps.put("bootstrap.servers", bootstrap);
        workerProps.put("plugin.path", plugins.toString());
        workerProps.put("config.storage.replication.factor", "1");
        workerProps.put("offset.storage.replication.factor", "1");
        workerProps.put("status.storage.replication.factor", "1");
        // The default (5 min) holds a departed worker's tasks unassigned that long in case it returns: a worker that
        // is stopped for good (or returns late) would leave its share of the pipeline idle for minutes. 5 s lets a
        // rolling restart's worker take its tasks back when it returns promptly and hands them to the others if not.
        workerProps.put("scheduled.rebalance.max.delay.ms", "5000");
        this.workerClasspath = RollingRestartIT.classpath(RollingRestartIT.runtime());
        for (int i = 0; i < WORKERS; i++) {
            restPorts[i] = RollingRestartIT.freePort();
            listenerPorts[i] = RollingRestartIT.freePort();
            webSocketPorts[i] = RollingRestartIT.freePort();
        }
        for (int i = 0; i < PROCESSORS; i++) {
            opsPorts[i] = RollingRestartIT.freePort();
        }
    }

    Path work() {
        return work;
    }

    List<Integer> listenerPorts() {
        return java.util.Arrays.stream(listenerPorts).boxed().toList();
    }

    List<Integer> webSocketPorts() {
        return java.util.Arrays.stream(webSocketPorts).boxed().toList();
    }

    Path stateDir(int instance) {
        return work.resolve("processor-" + instance + "/state");
    }

    void startWorkers() {
        for (int i = 0; i < WORKERS; i++) {
            workers[i] = startWorker(i);
        }
        for (ForkedWorker worker : workers) {
            worker.awaitUp(Duration.ofSeconds(120));
        }
    }

    private ForkedWorker startWorker(int i) {
        // The connector JSON refers to these (${env:...}): each worker resolves its own tasks' configs.
        Map<String, String> env = Map.of(
                "TRIBUTARY_HOME", work.toString(),
                "TRIBUTARY_ROOT", RollingRestartIT.root().toString(),
                "LISTENER_PORT", String.valueOf(listenerPorts[i]),
                "WEBSOCKET_PORT", String.valueOf(webSocketPorts[i]));
        return ForkedWorker.start(workerProps, work.resolve("worker-" + i), workerClasspath, env, restPorts[i]);
    }

    void startProcessors() {
        for (int i = 0; i < PROCESSORS; i++) {
            processors[i] = startProcessor(i).awaitReady(Duration.ofSeconds(120));
        }
    }

    private ForkedProcessor startProcessor(int i) {
        return ForkedProcessor.start(processorHome, bootstrap, stateDir(i), opsPorts[i], work.resolve("processor-" + i));
    }

    /** The REST API of a live worker. */
    ConnectRest rest() {
        for (ForkedWorker worker : workers) {
            if (worker != null && worker.isAlive()) {
                return worker.rest();
            }
        }
        throw new IllegalStateException("no live worker");
    }

    /** Live workers' REST APIs. */
    List<ConnectRest> liveRests() {
        List<ConnectRest> rests = new ArrayList<>();
        for (ForkedWorker worker : workers) {
            if (worker != null && worker.isAlive()) {
                rests.add(worker.rest());
            }
        }
        return rests;
    }

    /**
     * Waits until every connector and all its tasks are RUNNING on live workers (and {@code returned}, when given,
     * holds some of them again).
     */
    void awaitBalanced(ForkedWorker returned) {
        Set<String> live = java.util.Arrays.stream(workers).filter(ForkedWorker::isAlive).map(ForkedWorker::workerId)
                .collect(Collectors.toSet());
        String[] last = {""};
        Await.until(Duration.ofSeconds(180), "every task RUNNING on live workers"
                + (returned == null ? "" : ", some on " + returned.workerId()), () -> {
            boolean returnedHolds = returned == null;
            for (Map.Entry<String, Integer> c : RollingRestartIT.tasks().entrySet()) {
                ConnectRest.Response response = rest().get("connectors/" + c.getKey() + "/status");
                last[0] = response.body();
                if (response.status() != 200) {
                    return false; // not yet written to the status topic
                }
                JsonNode status = response.json();
                if (!"RUNNING".equals(status.path("connector").path("state").asText())
                        || status.path("tasks").size() != c.getValue()) {
                    return false;
                }
                for (JsonNode task : status.path("tasks")) {
                    String worker = task.path("worker_id").asText();
                    if (!"RUNNING".equals(task.path("state").asText()) || !live.contains(worker)) {
                        return false;
                    }
                    returnedHolds |= returned != null && worker.equals(returned.workerId());
                }
            }
            return returnedHolds;
        }, () -> last[0]);
    }

    /** Stops worker {@code i} (SIGTERM, or SIGKILL when {@code kill}), starts it again, waits until balanced. */
    void restartWorker(int i, boolean kill, List<String> report, Map<String, Long> peakRss) {
        ForkedWorker worker = workers[i];
        peakRss.merge("worker-" + i, RollingRestartIT.peakRssKb(worker.pid()), Math::max);
        String who = "worker-" + i;
        String stop;
        if (kill) {
            timeline.add(who, "SIGKILL");
            worker.kill();
            stop = "SIGKILL";
        } else {
            timeline.add(who, "SIGTERM");
            Duration took = worker.terminate(Duration.ofSeconds(60));
            stop = took == null ? "SIGTERM not obeyed in 60 s, killed" : "SIGTERM, exited in " + took.toMillis() + " ms";
        }
        timeline.add(who, "exited (" + stop + "); starting again");
        long started = System.nanoTime();
        workers[i] = startWorker(i);
        workers[i].awaitUp(Duration.ofSeconds(120));
        long up = System.nanoTime();
        timeline.add(who, "REST up");
        awaitBalanced(workers[i]);
        long balanced = System.nanoTime();
        timeline.add(who, "every task RUNNING, some here");
        // After a SIGKILL the status API cannot tell the dead process from its successor (same worker id) until the
        // group notices, so "RUNNING" may be the dead process's last report: the REST-up time is the firm figure.
        report.add(String.format("worker-%d: %s; restarted, REST up after %,d ms, all tasks RUNNING (some on it) after"
                + " %,d ms%s", i, stop, (up - started) / 1_000_000, (balanced - started) / 1_000_000,
                kill ? " (status as reported under the same worker id)" : ""));
    }

    /**
     * Stops processor instance {@code i} with SIGTERM, starts it again, waits until /ready. Returns its exit status
     * (-1 when it had to be killed).
     */
    int restartProcessor(int i, List<String> report, Map<String, Long> peakRss) throws InterruptedException {
        int status = stopProcessor(i, report, peakRss);
        long started = System.nanoTime();
        processors[i] = startProcessor(i).awaitReady(Duration.ofSeconds(180));
        timeline.add("processor-" + i, "/ready");
        report.add(String.format("processor-%d: restarted, /ready after %,d ms", i,
                (System.nanoTime() - started) / 1_000_000));
        return status;
    }

    /** SIGTERM to processor instance {@code i}: its exit status (-1 when it had to be killed after 60 s). */
    int stopProcessor(int i, List<String> report, Map<String, Long> peakRss) throws InterruptedException {
        ForkedProcessor processor = processors[i];
        peakRss.merge("processor-" + i, RollingRestartIT.peakRssKb(processor.pid()), Math::max);
        timeline.add("processor-" + i, "SIGTERM");
        Duration took = processor.terminate(Duration.ofSeconds(60));
        String stop = took == null ? "SIGTERM not obeyed in 60 s, killed"
                : "SIGTERM, exited " + processor.exitValue() + " in " + took.toMillis() + " ms";
        timeline.add("processor-" + i, stop);
        report.add(String.format("processor-%d: %s", i, stop));
        return took == null ? -1 : processor.exitValue();
    }

    void recordPeakRss(Map<String, Long> peakRss) {
        for (int i = 0; i < WORKERS; i++) {
            peakRss.merge("worker-" + i, RollingRestartIT.peakRssKb(workers[i].pid()), Math::max);
        }
        for (int i = 0; i < PROCESSORS; i++) {
            peakRss.merge("processor-" + i, RollingRestartIT.peakRssKb(processors[i].pid()), Math::max);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ForkedWorker worker : workers) {
            if (worker != null) {
                worker.close();
            }
        }
        for (ForkedProcessor processor : processors) {
            if (processor != null) {
                processor.close();
            }
        }
    }
}
