package io.tributary.bench.push;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/** At-least-once, checked: a topic holds at least every event a client was told is written. */
final class AckCheck {

    private AckCheck() {
    }

    /** Prints the topic's records against the acknowledged count; fails the run if fewer. */
    static void verify(String bootstrap, String topic, int partitions, long acknowledged) throws Exception {
        long held = 0;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            for (var info : admin.listOffsets(latest).all().get().values()) {
                held += info.offset();
            }
        }
        System.out.printf("    %s holds %,d records, %,d acknowledged: %s%n", topic, held, acknowledged,
                held >= acknowledged ? "ok" : "MISSING " + (acknowledged - held));
        if (held < acknowledged) {
            throw new IllegalStateException(topic + " holds fewer records than were acknowledged");
        }
    }
}
