package io.tributary.launcher.dlq;

/** A dlq command cannot go on: the message says why, for the user (exit status {@link DlqCommand#FAILED}). */
final class CommandFailure extends RuntimeException {

    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
