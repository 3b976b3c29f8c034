package io.tributary.launcher.dlq;

import org.apache.kafka.common.KafkaException;

import java.io.PrintStream;

/**
 * {@code tributary dlq inspect|replay}: dead letters made readable, and sent back once their cause is fixed. Exit
 * statuses as the launcher's others ({@code ExitCodes}): 0 done, 2 bad arguments, 3 failed (no such topic, Kafka
 * unreachable, fenced by another replay: the message says which).
 */
public final class DlqCommand {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int FAILED = 3;

    private DlqCommand() {
    }

    /** {@code args[from]} is the subcommand. */
    public static int run(String[] args, int from, PrintStream out, PrintStream err) {
        String sub = args.length > from ? args[from] : "";
        try {
            return switch (sub) {
                case "inspect" -> Inspect.run(DlqArgs.parse(args, from + 1, Inspect.FLAGS), out, err);
                case "replay" -> Replay.run(DlqArgs.parse(args, from + 1, Replay.FLAGS), out, err);
                default -> {
                    err.println("tributary dlq: inspect or replay (./tributary dlq --help)");
                    yield USAGE;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("tributary dlq " + sub + ": " + e.getMessage());
            return USAGE;
        } catch (CommandFailure e) {
            err.println("tributary dlq " + sub + ": " + e.getMessage());
            return FAILED;
        } catch (KafkaException e) {
            err.println("tributary dlq " + sub + ": Kafka refused: " + e);
            return FAILED;
        } catch (Exception e) {
            err.println("tributary dlq " + sub + ": failed: " + e);
            return FAILED;
        }
    }
}
