package io.tributary.processor;

import io.tributary.processor.config.ProcessorConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void topicCreationConnectsWithTheKafkaSecuritySettings() {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"processor\" "
                + "password=\"p\";";
        ProcessorConfig config = ProcessorConfig.parse("""
                application.id: secure-app
                bootstrap.servers: 127.0.0.1:9092
                streams:
                  security.protocol: SASL_SSL
                  sasl.mechanism: SCRAM-SHA-512
                  sasl.jaas.config: '%s'
                  ssl.truststore.location: /etc/tributary/tls/truststore.p12
                  admin.request.timeout.ms: 7000
                  num.stream.threads: 2
                jobs:
                  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h}
                """.formatted(jaas), "f.yaml");
        Map<String, Object> admin = Topics.adminConfig(config);
        assertThat(admin).containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", jaas)
                .containsEntry("ssl.truststore.location", "/etc/tributary/tls/truststore.p12")
                .containsEntry("request.timeout.ms", "7000")
                .doesNotContainKey("num.stream.threads");
    }
}
