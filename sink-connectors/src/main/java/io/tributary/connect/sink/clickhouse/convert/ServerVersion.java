package io.tributary.connect.sink.clickhouse.convert;

/**
 * A ClickHouse server version ({@code SELECT version()}: {@code 18.16.1}, {@code 24.8.4.13}) and the features this
 * package depends on. Versions are year.month releases; each threshold below is the first release with the feature
 * according to ClickHouse's changelogs.
 */
public record ServerVersion(int major, int minor, int patch, int build) implements Comparable<ServerVersion> {

    /** Parses {@code major.minor[.patch[.build]]}; anything after the numbers (e.g. {@code -stable}) is ignored. */
    public static ServerVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a ClickHouse version (major.minor...): '" + text + "'");
        }
        int[] numbers = new int[4];
        for (int i = 0; i < Math.min(parts.length, 4); i++) {
            String digits = parts[i].replaceFirst("^(\\d+).*$", "$1");
            if (digits.isEmpty() || !Character.isDigit(digits.charAt(0))) {
                throw new IllegalArgumentException("not a ClickHouse version (major.minor...): '" + text + "'");
            }
            numbers[i] = Integer.parseInt(digits);
        }
        return new ServerVersion(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    public boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** The RowBinaryWithDefaults input format: 23.7 (ClickHouse PR #51695, in the 23.7 changelog). */
    public boolean supportsRowBinaryWithDefaults() {
        return atLeast(23, 7);
    }

    /**
     * The Map(K, V) type: 21.1. Until it stopped being experimental, CREATE TABLE with a Map column also needs the
     * setting {@code allow_experimental_map_type = 1}; inserting into an existing one does not.
     */
    public boolean supportsMap() {
        return atLeast(21, 1);
    }

    /** The DateTime64(p) type: 20.1. */
    public boolean supportsDateTime64() {
        return atLeast(20, 1);
    }

    /** The Bool type: 21.12. */
    public boolean supportsBool() {
        return atLeast(21, 12);
    }

    @Override
    public int compareTo(ServerVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        if (byMinor != 0) {
            return byMinor;
        }
        int byPatch = Integer.compare(patch, other.patch);
        return byPatch != 0 ? byPatch : Integer.compare(build, other.build);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (build > 0 ? "." + build : "");
    }
}
