package io.tributary.processor.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory a process uses as operators size its container: the resident set, which adds to the heap what the JVM's
 * memory metrics do not show (RocksDB's block cache and memtables, thread stacks, the allocator's own). Read from
 * {@code /proc}: no JVM interface tells it. Exported as {@code process_resident_memory_bytes}; the benchmarks read
 * other processes' with it.
 */
public final class ProcessMemory {

    private ProcessMemory() {
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
