/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements. See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License. You may obtain a copy of the License at
 *
 *    http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package org.apache.kafka.common.metrics;

import org.apache.kafka.common.MetricName;

import java.util.LinkedHashMap;

/**
 * A copy of Kafka 4.1's {@code PluginMetrics} (KIP-877), same package and signatures, for Connect workers older
 * than 4.1 (see {@link Monitorable} for why). On such workers no instance ever exists: {@code pluginMetrics()} is
 * missing from the task contexts and {@link Monitorable#withPluginMetrics} is never called, so Tributary's metrics
 * only count (io.tributary.connect.common.metrics.TaskMetrics).
 */
public interface PluginMetrics {

    /** A metric name in the group "plugins", with the plugin's identifying tags added to {@code tags}. */
    MetricName metricName(String name, String description, LinkedHashMap<String, String> tags);

    /** Registers a metric not tied to a sensor. */
    void addMetric(MetricName metricName, MetricValueProvider<?> metricValueProvider);

    void removeMetric(MetricName metricName);

    /** A sensor whose name is unique within the plugin. */
    Sensor addSensor(String name);

    void removeSensor(String name);
}
