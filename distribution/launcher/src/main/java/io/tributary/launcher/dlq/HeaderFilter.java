package io.tributary.launcher.dlq;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * {@code --where name=value}: a record matches when one of its headers of that name reads exactly {@code value} (as
 * {@link HeaderText} decodes it, so {@code __connect.errors.partition=0} and {@code tributary.task=1} work, though
 * Connect wrote them as text and another producer may not have).
 */
record HeaderFilter(String name, String value) {

    static HeaderFilter parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--where takes header=value (e.g. --where tributary.error.stage="
                    + "validate),"
                    + " not '" + spec + "'");
        }
        return new HeaderFilter(spec.substring(0, eq), spec.substring(eq + 1));
    }

    boolean matches(Headers headers) {
        for (Header header : headers.headers(name)) {
            if (value.equals(HeaderText.of(header.value()).text())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
