package io.tributary.connect.source.file.scan;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Lists the files of the input directory that this task owns: matching the glob, not hidden, old enough, outside
 * the finished and error directories, and assigned to this task by a stable hash of their relative path, so every
 * task takes a fixed, disjoint share without coordinating.
 *
 * <p>One call is one pass over the directory. Callers work through a pass's files before scanning again, so a
 * directory of 100,000 files is listed once per pass rather than on every poll.
 */
public final class DirectoryScanner {

    public enum Order { NAME, MODIFIED }

    private final Path root;
    private final PathMatcher matcher;
    private final boolean matchWholePath;
    private final boolean recursive;
    private final Set<Path> excluded;
    private final int taskIndex;
    private final int taskCount;
    private final boolean identityWithModifiedTime;
    private long passes;

    public DirectoryScanner(Path root, String glob, boolean recursive, Set<Path> excludedDirectories, int taskIndex,
                            int taskCount, boolean identityWithModifiedTime) {
        this.root = root.toAbsolutePath().normalize();
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        // A glob without '/' matches file names at any depth; with '/', the relative path.
        this.matchWholePath = glob.contains("/");
        this.recursive = recursive;
        this.excluded = excludedDirectories.stream().map(p -> p.toAbsolutePath().normalize())
                .collect(java.util.stream.Collectors.toSet());
        this.taskIndex = taskIndex;
        this.taskCount = taskCount;
        this.identityWithModifiedTime = identityWithModifiedTime;
    }

    /** Files this task owns, modified at least {@code minAgeMs} before {@code nowMs}, in the given order. */
    public List<Candidate> scan(long nowMs, long minAgeMs, Order order) throws IOException {
        passes++;
        List<Candidate> found = new ArrayList<>();
        if (recursive) {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(root) && (isHidden(dir) || excluded.contains(dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    consider(file, attrs, nowMs, minAgeMs, found);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // Vanished between listing and stat (moved by another task or a writer): not ours to read.
                    return FileVisitResult.CONTINUE;
                }
            });
        } else {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                for (Path file : entries) {
                    BasicFileAttributes attrs;
                    try {
                        attrs = Files.readAttributes(file, BasicFileAttributes.class);
                    } catch (IOException vanished) {
                        continue;
                    }
                    consider(file, attrs, nowMs, minAgeMs, found);
                }
            }
        }
        found.sort(order == Order.MODIFIED
                ? Comparator.comparingLong(Candidate::modifiedMs).thenComparing(Candidate::relative)
                : Comparator.comparing(Candidate::relative));
        return found;
    }

    private void consider(Path file, BasicFileAttributes attrs, long nowMs, long minAgeMs, List<Candidate> found) {
        if (!attrs.isRegularFile() || isHidden(file)) {
            return;
        }
        String relative = relative(file);
        Path matchOn = matchWholePath ? Path.of(relative) : file.getFileName();
        if (!matcher.matches(matchOn) || !owns(relative)) {
            return;
        }
        long modified = attrs.lastModifiedTime().toMillis();
        if (minAgeMs > 0 && nowMs - modified < minAgeMs) {
            return;
        }
        found.add(new Candidate(file, relative, attrs.size(), modified, FileIdentity.of(attrs, identityWithModifiedTime),
                FileIdentity.localKey(attrs)));
    }

    /** Whether this task reads the file at {@code relative}: a stable hash, the same in every JVM. */
    public boolean owns(String relative) {
        return taskCount <= 1 || Math.floorMod(relative.hashCode(), taskCount) == taskIndex;
    }

    public String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public Path root() {
        return root;
    }

    /** How many passes have listed the directory: tests check listing is not per poll. */
    public long passes() {
        return passes;
    }

    private static boolean isHidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }
}
