package io.tributary.connect.transforms.validate;

import org.apache.kafka.connect.data.Schema;

import java.util.List;

/** A schema ready to check records against, with where it came from. */
public interface CompiledSchema {

    /** The violations of {@code value} (of Connect schema {@code schema}, null when schemaless); empty when valid. */
    List<Violation> validate(Object value, Schema schema);

    /** Where the schema came from: a registry subject, a file name, or "inline". */
    String source();

    /** Its version (registry version, file base name, or "inline"). */
    String version();

    /** Its registry id, or null. */
    Integer id();
}
