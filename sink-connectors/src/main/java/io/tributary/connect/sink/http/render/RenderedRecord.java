package io.tributary.connect.sink.http.render;

import org.apache.kafka.connect.sink.SinkRecord;

import java.net.URI;
import java.util.List;

/**
 * A record ready to send: where to ({@code uri}, {@code headers}) and its part of the body. Records with equal
 * {@link #route()} may share a request.
 */
public record RenderedRecord(SinkRecord record, URI uri, List<Header> headers, byte[] body, long arrivedMs) {

    public record Header(String name, String value) {
    }

    /** The offset the record was read at, before transforms: what the sink's offsets and idempotency keys use. */
    public long offset() {
        return record.originalKafkaOffset();
    }

    /** URI and headers: what must be equal for records to go in one request. */
    public Route route() {
        return new Route(uri, headers);
    }

    public record Route(URI uri, List<Header> headers) {
    }
}
