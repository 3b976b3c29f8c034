package io.tributary.processor.ops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory a processor uses, as operators size its container: the heap in use, and the resident set, which adds
 * what the heap does not show (RocksDB's block cache and memtables, metaspace, thread stacks, direct buffers).
 */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Heap in use now: live objects and garbage not yet collected. */
    public static long heapUsedBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** This process's resident set size, or -1 where the system does not say (not Linux). */
    public static long residentBytes() {
        return residentBytes(ProcessHandle.current().pid());
    }

    /** A process's resident set size ({@code VmRSS} in {@code /proc/<pid>/status}), or -1 when unknown. */
    public static long residentBytes(long pid) {
        return statusKilobytes(pid, "VmRSS:");
    }

    /** A process's peak resident set size ({@code VmHWM}), or -1 when unknown. */
    public static long peakResidentBytes(long pid) {
        return statusKilobytes(pid, "VmHWM:");
    }

    private static long statusKilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    // "VmRSS:	  123456 kB"
                    String kilobytes = line.substring(field.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kilobytes) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process is gone.
        }
        return -1;
    }
}
