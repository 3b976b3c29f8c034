package io.tributary.connect.transforms.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.Template;

/** What a matching rule does to a record. */
sealed interface Action {

    /** Send the record to another topic (a template over the record's fields). */
    record Route(Template topic) implements Action {
    }

    /** Filter the record out. */
    record Drop() implements Action {
    }

    /** Set a field to a constant (JSON) value, adding it if absent. */
    record SetField(FieldPath field, JsonNode value) implements Action {
    }

    /** Remove a field. */
    record RemoveField(FieldPath field) implements Action {
    }

    /** Add a header (its value a template over the record's fields). */
    record AddHeader(String name, Template value) implements Action {
    }

    /** Add a tag to the record's tag header. */
    record Tag(String tag) implements Action {
    }

    /** Evaluate no further rule. */
    record Stop() implements Action {
    }
}
