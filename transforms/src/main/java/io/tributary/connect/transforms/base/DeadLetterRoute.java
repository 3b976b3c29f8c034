package io.tributary.connect.transforms.base;

import io.tributary.connect.common.data.Template;
import io.tributary.connect.common.dlq.ErrorHeaders;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.header.Headers;

import java.util.function.Consumer;

/**
 * Sends a record a transform cannot pass on to a dead-letter topic, unchanged but for its topic and headers that
 * say which transform refused it and why. In a source connector the record then lands in that topic, keeping its
 * place in the pipeline ({@code cart-events-raw} becomes {@code cart-events-validated} or {@code cart-events-dlq}).
 */
public final class DeadLetterRoute {

    public static final String ORIGINAL_TOPIC = ErrorHeaders.PREFIX + "original.topic";

    private final Template topic;
    private final String transform;

    public DeadLetterRoute(String topicTemplate, String transform) {
        this.topic = Template.parse(topicTemplate);
        this.transform = transform;
    }

    public <R extends ConnectRecord<R>> R route(R record, String stage, String errorClass, String message,
                                                Consumer<Headers> extra) {
        Headers headers = record.headers().duplicate();
        headers.addString(ErrorHeaders.ERROR_STAGE, stage);
        headers.addString(ErrorHeaders.ERROR_CLASS, errorClass);
        headers.addString(ErrorHeaders.ERROR_MESSAGE, message);
        headers.addLong(ErrorHeaders.ERROR_TIMESTAMP, System.currentTimeMillis());
        headers.addString(ErrorHeaders.PREFIX + "error.transform", transform);
        headers.addString(ORIGINAL_TOPIC, record.topic());
        if (extra != null) {
            extra.accept(headers);
        }
        String target = topic.render(record.value(), record.topic());
        return record.newRecord(target == null ? record.topic() + "-dlq" : target, record.kafkaPartition(),
                record.keySchema(), record.key(), record.valueSchema(), record.value(), record.timestamp(), headers);
    }
}
