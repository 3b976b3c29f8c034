package io.tributary.connect.source.push.server;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code GET /health} on a push server says: which tasks of which connectors this worker JVM holds on the
 * port, and whether it takes traffic. It is what a load balancer checks in a cluster of workers, where Connect
 * decides which worker runs which task: 200 while some task here runs, 503 once every task here is stopping
 * (draining: a rebalance or the worker's shutdown), so the balancer stops sending before the port closes. With
 * {@code ?connector=NAME} the answer is about that connector alone (two connectors sharing a port have their own
 * pools at the balancer): 200 while a task of it runs here, 503 while its tasks here are stopping or it has none.
 */
final class ServerHealth {

    static final String CONNECTOR_PARAM = "connector";

    /** The JVM this server runs in, for operators matching answers to workers: host name and process id. */
    private static final String WORKER = "{\"host\":" + Responses.quote(hostName()) + ",\"pid\":"
            + ProcessHandle.current().pid() + "}";

    private static final class Member {
        final String owner;
        final int task;
        final List<String> paths;
        volatile boolean draining;

        Member(String owner, int task, List<String> paths) {
            this.owner = owner;
            this.task = task;
            this.paths = paths;
        }
    }

    record Answer(int status, String body) {
    }

    /** Keyed by the task object itself (tasks do not override equals). */
    private final Map<Object, Member> members = new ConcurrentHashMap<>();
    private final int port;

    ServerHealth(int port) {
        this.port = port;
    }

    void joined(Object task, String owner, int index, List<String> paths) {
        members.put(task, new Member(owner, index, List.copyOf(paths)));
    }

    void draining(Object task) {
        Member m = members.get(task);
        if (m != null) {
            m.draining = true;
        }
    }

    void left(Object task) {
        members.remove(task);
    }

    /** The answer for the whole server ({@code connector} null) or for one connector. */
    Answer answer(String connector) {
        Map<String, TreeSet<Integer>> running = new TreeMap<>();
        Map<String, TreeSet<Integer>> draining = new TreeMap<>();
        Map<String, TreeSet<String>> paths = new TreeMap<>();
        for (Member m : members.values()) {
            running.computeIfAbsent(m.owner, o -> new TreeSet<>());
            draining.computeIfAbsent(m.owner, o -> new TreeSet<>());
            (m.draining ? draining : running).get(m.owner).add(m.task);
            paths.computeIfAbsent(m.owner, o -> new TreeSet<>()).addAll(m.paths);
        }
        String status;
        if (connector == null) {
            status = running.values().stream().anyMatch(t -> !t.isEmpty()) ? "UP" : "DRAINING";
        } else if (!running.containsKey(connector)) {
            status = "DOWN";
        } else {
            status = running.get(connector).isEmpty() ? "DRAINING" : "UP";
        }
        StringBuilder b = new StringBuilder("{\"status\":\"").append(status).append("\",\"worker\":").append(WORKER)
                .append(",\"port\":").append(port).append(",\"connectors\":{");
        boolean first = true;
        for (String owner : running.keySet()) {
            b.append(first ? "" : ",").append(Responses.quote(owner)).append(":{\"status\":\"")
                    .append(running.get(owner).isEmpty() ? "DRAINING" : "UP").append("\",\"tasks\":")
                    .append(list(running.get(owner))).append(",\"draining\":").append(list(draining.get(owner)))
                    .append(",\"paths\":[");
            boolean firstPath = true;
            for (String path : paths.get(owner)) {
                b.append(firstPath ? "" : ",").append(Responses.quote(path));
                firstPath = false;
            }
            b.append("]}");
            first = false;
        }
        b.append("}}");
        return new Answer("UP".equals(status) ? 200 : 503, b.toString());
    }

    private static String list(TreeSet<Integer> tasks) {
        StringBuilder b = new StringBuilder("[");
        for (int task : tasks) {
            b.append(b.length() == 1 ? "" : ",").append(task);
        }
        return b.append(']').toString();
    }

    /**
     * The host name: {@code HOSTNAME} when set (a container's, the pod name on Kubernetes), else the local host's
     * name as Java resolves it.
     */
    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
