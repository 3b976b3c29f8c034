package io.tributary.connect.source.file.scan;

import java.nio.file.Path;

/**
 * A file found by a scan.
 *
 * @param relative path relative to the input directory, with '/' separators: the file's source partition
 */
public record Candidate(Path path, String relative, long size, long modifiedMs, String identity) {
}
