package io.tributary.connect.sink.clickhouse.convert;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record (or its schema) that cannot be written to the table. The message names the field and column and says
 * why, never the value: values may be personal data, and this text ends up in logs and dead-letter headers.
 *
 * <p>A {@link DataException}, so that callers classifying errors treat it as a bad record, not a fault of the sink.
 */
public final class ConversionException extends DataException {

    private static final long serialVersionUID = 1L;

    private final String location;

    /**
     * @param location which value: {@code field 'user.age' (column 'user_age')}
     * @param reason   why it cannot be written, without the value
     */
    public ConversionException(String location, String reason) {
        super(location + ": " + reason);
        this.location = location;
    }

    /** The field and column the message is about. */
    public String location() {
        return location;
    }
}
