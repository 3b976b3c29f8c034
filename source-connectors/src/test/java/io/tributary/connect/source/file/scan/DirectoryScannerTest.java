package io.tributary.connect.source.file.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryScannerTest {

    @TempDir
    Path dir;

    private void touch(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x\n");
    }

    private static List<String> names(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::relative).toList();
    }

    @Test
    void findsMatchingFilesInNameOrderSkippingHiddenOnesAndDirectories() throws IOException {
        touch("b.jsonl");
        touch("a.jsonl");
        touch("c.csv");
        touch(".d.jsonl.tmp");
        touch("sub/e.jsonl");
        DirectoryScanner scanner = new DirectoryScanner(dir, "*.jsonl", false, Set.of(), 0, 1, true);
        assertThat(names(scanner.scan(System.currentTimeMillis(), 0, DirectoryScanner.Order.NAME)))
                .containsExactly("a.jsonl", "b.jsonl");
    }

    @Test
    void recursionMatchesNamesAtAnyDepthButNeverEntersFinishedOrErrorDirectories() throws IOException {
        touch("a.jsonl");
        touch("2024/01/b.jsonl");
        touch("finished/old.jsonl");
        touch("error/bad.jsonl");
        touch(".hidden/c.jsonl");
        DirectoryScanner scanner = new DirectoryScanner(dir, "*.jsonl", true,
                Set.of(dir.resolve("finished"), dir.resolve("error")), 0, 1, true);
        assertThat(names(scanner.scan(System.currentTimeMillis(), 0, DirectoryScanner.Order.NAME)))
                .containsExactly("2024/01/b.jsonl", "a.jsonl");
        DirectoryScanner byPath = new DirectoryScanner(dir, "2024/**", true, Set.of(), 0, 1, true);
        assertThat(names(byPath.scan(System.currentTimeMillis(), 0, DirectoryScanner.Order.NAME)))
                .containsExactly("2024/01/b.jsonl");
    }

    @Test
    void filesYoungerThanTheMinimumAgeWaitForALaterPass() throws IOException {
        touch("old.jsonl");
        touch("new.jsonl");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(dir.resolve("old.jsonl"), FileTime.fromMillis(now - 60_000));
        DirectoryScanner scanner = new DirectoryScanner(dir, "*", false, Set.of(), 0, 1, true);
        assertThat(names(scanner.scan(now, 30_000, DirectoryScanner.Order.NAME))).containsExactly("old.jsonl");
    }

    @Test
    void modifiedOrderReadsOldestFirst() throws IOException {
        touch("a");
        touch("b");
        long now = System.currentTimeMillis();
        Files.setLastModifiedTime(dir.resolve("a"), FileTime.fromMillis(now - 1_000));
        Files.setLastModifiedTime(dir.resolve("b"), FileTime.fromMillis(now - 5_000));
        DirectoryScanner scanner = new DirectoryScanner(dir, "*", false, Set.of(), 0, 1, true);
        assertThat(names(scanner.scan(now, 0, DirectoryScanner.Order.MODIFIED))).containsExactly("b", "a");
    }

    @Test
    void tasksSplitTheFilesIntoDisjointSharesThatCoverAll() throws IOException {
        for (int i = 0; i < 200; i++) {
            touch("f" + i + ".jsonl");
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int task = 0; task < 3; task++) {
            DirectoryScanner scanner = new DirectoryScanner(dir, "*", false, Set.of(), task, 3, true);
            List<String> share = names(scanner.scan(System.currentTimeMillis(), 0, DirectoryScanner.Order.NAME));
            assertThat(share).hasSizeBetween(40, 95);
            seen.addAll(share);
            total += share.size();
        }
        assertThat(total).isEqualTo(200);
        assertThat(seen).hasSize(200);
    }

    @Test
    void identityFollowsTheFileAcrossARename() throws IOException {
        touch("app.log");
        String before = FileIdentity.of(dir.resolve("app.log"), false);
        Files.move(dir.resolve("app.log"), dir.resolve("app.log.1"));
        touch("app.log");
        assertThat(FileIdentity.of(dir.resolve("app.log.1"), false)).isEqualTo(before);
        assertThat(FileIdentity.of(dir.resolve("app.log"), false)).isNotEqualTo(before);
    }
}
