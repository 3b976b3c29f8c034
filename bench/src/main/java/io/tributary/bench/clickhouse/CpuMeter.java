package io.tributary.bench.clickhouse;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU time spent during a subject, from {@code /proc} (Linux only; elsewhere nothing is printed): by this JVM (the
 * broker, the Connect worker and its tasks), by the ClickHouse server, and by child processes waited for
 * (clickhouse-client). On a shared 2-core machine it tells where a subject's time goes better than wall time alone.
 */
final class CpuMeter {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ: 100 on every Linux this runs on

    /**
     * CPU seconds so far: this JVM, its reaped children, the ClickHouse server (-1 if not found); and the seconds
     * this JVM's garbage collectors report (mostly pauses, with the parallel collector).
     */
    record Sample(double jvm, double children, double server, double gc) {

        String since(Sample before) {
            return "CPU: " + (server < 0 ? "" : String.format(Locale.ROOT, "ClickHouse server %.1f s, ",
                    server - before.server))
                    + String.format(Locale.ROOT, "bench JVM (broker, worker) %.1f s (GC %.1f s)", jvm - before.jvm,
                    gc - before.gc)
                    + (children - before.children > 0.05 ? String.format(Locale.ROOT, ", clickhouse-client %.1f s",
                    children - before.children) : "");
        }
    }

    private final Optional<Path> server;

    private CpuMeter(Optional<Path> server) {
        this.server = server;
    }

    /** A meter for the ClickHouse server process found in /proc (by its command name), if any. */
    static CpuMeter find() {
        try (var processes = Files.list(Path.of("/proc"))) {
            return new CpuMeter(processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> comm(p).startsWith("clickhouse-serv") || comm(p).equals("clickhouse"))
                    .findFirst().map(p -> p.resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return new CpuMeter(Optional.empty());
        }
    }

    Sample sample() {
        long[] self = fields(Path.of("/proc/self/stat"));
        long[] ch = server.map(CpuMeter::fields).orElse(null);
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, collector.getCollectionTime());
        }
        return new Sample((self[0] + self[1]) / TICKS_PER_SECOND, (self[2] + self[3]) / TICKS_PER_SECOND,
                ch == null ? -1 : (ch[0] + ch[1]) / TICKS_PER_SECOND, gcMillis / 1000.0);
    }

    /** utime, stime, cutime, cstime of a /proc/PID/stat (fields 14-17; the command name may hold spaces). */
    private static long[] fields(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
        } catch (IOException e) {
            return new long[4];
        }
    }

    private static String comm(Path process) {
        try {
            return Files.readString(process.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
