package io.tributary.connect.source.push.ingest;

/** What became of one event, as its client is told. */
public record Outcome(Status status, String topic, int partition, long offset, String error) {

    public enum Status {
        /** In Kafka at topic/partition/offset. */
        WRITTEN,
        /** Unreadable; its dead letter is in Kafka at topic/partition/offset. */
        DEAD_LETTERED,
        /** Unreadable, and no dead-letter topic: not kept. */
        REFUSED,
        /** Acknowledged by Connect without being written (dropped by a transform). */
        SKIPPED,
        /** Not acknowledged: send it again. */
        FAILED;

        public String label() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public static Outcome written(String topic, int partition, long offset) {
        return new Outcome(Status.WRITTEN, topic, partition, offset, null);
    }

    public static Outcome deadLettered(String error, String topic, int partition, long offset) {
        return new Outcome(Status.DEAD_LETTERED, topic, partition, offset, error);
    }

    public static Outcome refused(String error) {
        return new Outcome(Status.REFUSED, null, -1, -1, error);
    }

    public static Outcome skipped() {
        return new Outcome(Status.SKIPPED, null, -1, -1, null);
    }

    public static Outcome failed(String reason) {
        return new Outcome(Status.FAILED, null, -1, -1, reason);
    }

    /** This outcome as a JSON object (without braces' neighbours), e.g. {@code {"status":"written",...}}. */
    public void appendJson(StringBuilder b, String idField, String id) {
        b.append('{');
        if (idField != null) {
            b.append('"').append(idField).append("\":").append(id).append(',');
        }
        b.append("\"status\":\"").append(status.label()).append('"');
        if (topic != null) {
            b.append(",\"topic\":").append(io.tributary.connect.source.push.server.Responses.quote(topic))
                    .append(",\"partition\":").append(partition).append(",\"offset\":").append(offset);
        }
        if (error != null) {
            b.append(",\"error\":").append(io.tributary.connect.source.push.server.Responses.quote(error));
        }
        b.append('}');
    }
}
