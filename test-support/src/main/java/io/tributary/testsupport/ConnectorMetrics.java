package io.tributary.testsupport;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * A connector's metrics as an operator reads them: every numeric attribute of the MBeans Connect registers for it
 * (its plugin metrics among them), by attribute name. Works for workers running in the test's JVM.
 */
public final class ConnectorMetrics {

    private ConnectorMetrics() {
    }

    public static Map<String, Double> of(String connector) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> values = new HashMap<>();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.connect*:*"), null)) {
                if (!connector.equals(name.getKeyProperty("connector"))) {
                    continue;
                }
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    if (server.getAttribute(name, attribute.getName()) instanceof Number number) {
                        values.put(attribute.getName(), number.doubleValue());
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the metrics of " + connector + " from JMX", e);
        }
        return values;
    }
}
