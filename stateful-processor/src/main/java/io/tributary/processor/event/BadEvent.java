package io.tributary.processor.event;

/**
 * An event a job cannot process, with the stage that found it (parse, time, id, group) and a message naming fields,
 * never values. It goes to the job's dead-letter topic.
 */
public final class BadEvent extends RuntimeException {

    private final String stage;
    private String subject;
    private String version;
    private long globalId = -1;
    private long contentId = -1;

    public BadEvent(String stage, String message) {
        super(message, null, false, false);
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }

    /** The writer schema of the record (Avro input), named in the dead letter's headers; returns this. */
    public BadEvent about(String subject, String version, long globalId) {
        this.subject = subject;
        this.version = version;
        this.globalId = globalId;
        return this;
    }

    /**
     * The writer schema named by a content id (Confluent's framing): the subjects and versions holding it (each
     * comma-separated, in the same order); returns this.
     */
    public BadEvent aboutContent(String subjects, String versions, long contentId) {
        this.subject = subjects;
        this.version = versions;
        this.contentId = contentId;
        return this;
    }

    public long contentId() {
        return contentId;
    }

    /** The record's schema artifact (subject), or null when unknown or the input is JSON. */
    public String subject() {
        return subject;
    }

    public String version() {
        return version;
    }

    public long globalId() {
        return globalId;
    }
}
