package io.tributary.launcher;

import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * The main class of {@link PushWorker}'s JVM: Connect's own {@link ConnectDistributed} on the given worker
 * properties, ended (through Connect's shutdown hook, as on SIGTERM) when the launcher's JVM ends, however it ends.
 *
 * <p>Arguments: the worker properties file, the launcher's process id.
 */
public final class PushWorkerMain {

    private PushWorkerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: PushWorkerMain <worker.properties> <parent pid>");
            System.exit(2);
        }
        long parent = Long.parseLong(args[1]);
        ProcessHandle.of(parent).ifPresentOrElse(
                handle -> handle.onExit().thenRun(PushWorkerMain::parentEnded),
                PushWorkerMain::parentEnded);
        ConnectDistributed.main(new String[] {args[0]});
    }

    private static void parentEnded() {
        System.err.println("the tributary launcher ended: stopping the push-source worker");
        System.exit(0);
    }
}
