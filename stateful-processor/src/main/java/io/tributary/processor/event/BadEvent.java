package io.tributary.processor.event;

/**
 * An event a job cannot process, with the stage that found it (parse, time, id, group) and a message naming fields,
 * never values. It goes to the job's dead-letter topic.
 */
public final class BadEvent extends RuntimeException {

    private final String stage;

    public BadEvent(String stage, String message) {
        super(message, null, false, false);
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }
}
