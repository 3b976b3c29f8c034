package io.tributary.launcher;

/**
 * The exit codes of {@code up} and {@code demo}, as documented in {@code ./tributary up --help} and the README.
 * Stopped by SIGTERM or Ctrl-C within the bound, {@code up} exits with {@link #OK}; an interrupted {@code demo} with
 * the shell's usual 128 + signal (130 for SIGINT, 143 for SIGTERM), since it did not finish.
 */
final class ExitCodes {

    static final int OK = 0;
    /** The demo ran but its counts did not reconcile (the summary names them). */
    static final int DEMO_MISMATCH = 1;
    static final int USAGE = 2;
    /** The stack (or the demo) could not start or failed while running: the cause is on standard error. */
    static final int FAILED = 3;
    /** Another up or demo holds this $TRIBUTARY_HOME: refused before anything was touched. */
    static final int HOME_IN_USE = 4;
    /** A stop did not finish within TRIBUTARY_STOP_TIMEOUT: the watchdog named the part and halted the JVM. */
    static final int STOP_TIMED_OUT = 5;

    private ExitCodes() {
    }
}
