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

/**
 * A copy of Kafka 4.1's {@code Monitorable} (KIP-877), same package and signature, for Connect workers older than
 * 4.1, whose kafka-clients lack it.
 *
 * <p>Why a copy: Tributary's transforms implement this interface so that 4.1+ workers hand them plugin metrics. A
 * 3.7 to 4.0 worker cannot even define such a class (NoClassDefFoundError while scanning plugins: the transforms
 * would not be listed). Connect's PluginClassLoader loads {@code org.apache.kafka.*} classes from the worker first
 * and only when the worker lacks one from the plugin's own jars, so a worker that has this interface never loads
 * this copy, and one that lacks it loads this copy and never calls it. Nothing else belongs in this jar.
 */
public interface Monitorable {

    /** Called by a 4.1+ worker with the metrics the plugin registers its own metrics through. */
    void withPluginMetrics(PluginMetrics metrics);
}
