package io.tributary.bench.push;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What a producer in this JVM (the raw one, or a connector task's, whose client id is
 * {@code connector-producer-NAME-TASK}) did, from its JMX metrics: how full its requests were and how long records
 * waited. Printed with each subject so that a miss can be told apart: batching, broker round trips, or the
 * connector before the producer.
 */
final class ProducerMetrics {

    private static final String[] SHOWN = {"records-per-request-avg", "batch-size-avg", "record-queue-time-avg",
        "request-latency-avg", "request-rate"};

    private ProducerMetrics() {
    }

    /** One line per producer whose client id starts with {@code clientIdPrefix}. */
    static String describe(String clientIdPrefix) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        StringBuilder out = new StringBuilder();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                String clientId = name.getKeyProperty("client-id");
                if (clientId == null || !clientId.startsWith(clientIdPrefix)) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "    producer %s: %.0f records/request, batches of %.0f B, "
                                + "records queued %.1f ms, requests %.1f ms, %.0f requests/s (averages of the last "
                                + "30 s)%n", clientId, value(server, name, SHOWN[0]), value(server, name, SHOWN[1]),
                        value(server, name, SHOWN[2]), value(server, name, SHOWN[3]), value(server, name, SHOWN[4])));
            }
        } catch (javax.management.JMException e) {
            return "    (producer metrics unavailable: " + e.getMessage() + ")\n";
        }
        return out.toString();
    }

    private static double value(MBeanServer server, ObjectName name, String attribute) throws javax.management.JMException {
        Object v = server.getAttribute(name, attribute);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
