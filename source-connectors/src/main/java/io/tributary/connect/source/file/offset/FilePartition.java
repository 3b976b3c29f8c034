package io.tributary.connect.source.file.offset;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * A file's source partition, {@code {"path": "<relative path>"}}, as one shared instance per file read.
 *
 * <p>Why not {@code Map.of}: Connect hashes a record's partition map for every record it tracks, and hands each
 * record back on acknowledgement. One instance per file, with its hash computed once and a link to whoever reads
 * the file, makes both of those cheap: no per-record hashing of entries, no lookup to find the file of an
 * acknowledged record. It is still an ordinary map to Connect (serialized by its entries, equal to any map with the
 * same entries).
 */
public final class FilePartition extends AbstractMap<String, String> {

    private final String path;
    private final Set<Entry<String, String>> entries;
    private final int hash;
    private final Object owner;

    public FilePartition(String path, Object owner) {
        this.path = path;
        this.entries = Set.of(Map.entry(FileOffset.PATH, path));
        this.hash = entries.hashCode();
        this.owner = owner;
    }

    public String path() {
        return path;
    }

    /** What reads this file (a {@code SourceFile}): acknowledgements find it through here. */
    public Object owner() {
        return owner;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return entries;
    }

    @Override
    public String get(Object key) {
        return FileOffset.PATH.equals(key) ? path : null;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || super.equals(o);
    }
}
