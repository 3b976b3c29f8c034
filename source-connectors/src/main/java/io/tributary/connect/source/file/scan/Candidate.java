package io.tributary.connect.source.file.scan;

import java.nio.file.Path;

/**
 * A file found by a scan.
 *
 * @param relative path relative to the input directory, with '/' separators: the file's source partition
 * @param identity  the file's identity as stored in its offsets, the same on every host ({@link FileIdentity})
 * @param localKey  the file system's key on this host, device included: for in-memory sets only
 */
public record Candidate(Path path, String relative, long size, long modifiedMs, String identity, Object localKey) {
}
