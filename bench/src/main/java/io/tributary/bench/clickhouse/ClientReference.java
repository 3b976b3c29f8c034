package io.tributary.bench.clickhouse;

import io.tributary.bench.Result;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The reference: {@code clickhouse-client --query "INSERT INTO t FORMAT F" < file} into a fresh MergeTree table,
 * timed from starting the process to its exit (so the client's own start-up counts, as the connector's does).
 */
final class ClientReference {

    /** Rows per block the client sends: the same 100,000 as the sink's batch.max.records default. */
    static final int BLOCK = 100_000;

    /** A file of the rows in a format clickhouse-client reads. */
    record Input(String format, Path file) {
    }

    private final BenchTables tables;
    private final Path log;
    private final CpuMeter cpu;

    ClientReference(BenchTables tables, Path log, CpuMeter cpu) {
        this.tables = tables;
        this.log = log;
        this.cpu = cpu;
    }

    Result insert(Input input, BenchRows rows, int count) throws IOException, InterruptedException {
        String table = tables.create("client_" + input.format().toLowerCase(), false);
        List<String> command = List.of("clickhouse-client", "--host", "127.0.0.1",
                "--max_insert_block_size=" + BLOCK, "--query", "INSERT INTO " + table + " FORMAT " + input.format());
        CpuMeter.Sample before = cpu.sample();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectInput(input.file().toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter.Sample after = cpu.sample();
        if (exit != 0) {
            throw new IOException("clickhouse-client exited with " + exit + ": "
                    + Files.readString(log, StandardCharsets.UTF_8).trim());
        }
        tables.verify(table, rows, count, false);
        tables.drop(table);
        Result result = new Result("clickhouse-client, " + input.format(), count, seconds, table);
        System.out.println("  " + result.line().trim() + "; " + after.since(before));
        return result;
    }
}
