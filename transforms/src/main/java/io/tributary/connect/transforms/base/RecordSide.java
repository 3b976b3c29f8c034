package io.tributary.connect.transforms.base;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/** Which part of a record a transform works on: its key ({@code $Key} variants) or its value ({@code $Value}). */
public enum RecordSide {
    KEY {
        @Override
        public Object value(ConnectRecord<?> record) {
            return record.key();
        }

        @Override
        public Schema schema(ConnectRecord<?> record) {
            return record.keySchema();
        }

        @Override
        public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value) {
            return record.newRecord(record.topic(), record.kafkaPartition(), schema, value, record.valueSchema(),
                    record.value(), record.timestamp(), record.headers());
        }
    },
    VALUE {
        @Override
        public Object value(ConnectRecord<?> record) {
            return record.value();
        }

        @Override
        public Schema schema(ConnectRecord<?> record) {
            return record.valueSchema();
        }

        @Override
        public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value) {
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), schema,
                    value, record.timestamp(), record.headers());
        }
    };

    public abstract Object value(ConnectRecord<?> record);

    public abstract Schema schema(ConnectRecord<?> record);

    /** A copy of the record with this side replaced. */
    public abstract <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value);

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
