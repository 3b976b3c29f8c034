package io.tributary.processor.transform;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A transform that counts the records it is given and passes them on: what reached a chain. */
public final class CountingTransform<R extends ConnectRecord<R>> implements Transformation<R> {

    static final AtomicInteger APPLIED = new AtomicInteger();

    @Override
    public R apply(R record) {
        APPLIED.incrementAndGet();
        return record;
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
