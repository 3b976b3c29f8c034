package io.tributary.connect.source.websocket.client.convert;

import com.fasterxml.jackson.core.JsonPointer;
import io.tributary.connect.common.data.JsonStructs;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.MessageFormat;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.OutputFormat;

/**
 * How messages become records.
 *
 * @param topic            the records' topic
 * @param dlqTopic         the dead letters' topic
 * @param dlqMaxValueBytes most bytes of a bad message kept as the dead letter's value
 * @param format           what a text message holds
 * @param output           string, map or struct values
 * @param key              JSON pointer to the key within an event, or null
 * @param timestamp        JSON pointer to the time within an event, or null
 * @param connector        the connector's name, for dead-letter headers
 * @param task             the task's number, for dead-letter headers
 * @param structs          for struct output: the events' schema and its reader; null otherwise
 */
public record ConversionSettings(String topic, String dlqTopic, int dlqMaxValueBytes, MessageFormat format,
                                 OutputFormat output, JsonPointer key, JsonPointer timestamp, String connector,
                                 int task, JsonStructs structs) {

    /** Settings of string or map output. */
    public ConversionSettings(String topic, String dlqTopic, int dlqMaxValueBytes, MessageFormat format,
                              OutputFormat output, JsonPointer key, JsonPointer timestamp, String connector,
                              int task) {
        this(topic, dlqTopic, dlqMaxValueBytes, format, output, key, timestamp, connector, task, null);
    }
}
