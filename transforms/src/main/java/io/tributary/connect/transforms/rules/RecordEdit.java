package io.tributary.connect.transforms.rules;

import io.tributary.connect.common.data.PathEditor;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;

import java.util.ArrayList;
import java.util.List;

/**
 * One record while the matching rules act on it: its value and schema as the actions so far left them, the topic it
 * goes to, whether it is dropped, its headers and tags. Copies are made on first need: the headers once, the value
 * once for all of a record's set and remove actions on a map.
 */
final class RecordEdit {

    /** The record's topic before the rules: what {@code $topic} and {@code ${topic}} mean. */
    final String topic;
    /** Edits Struct values (its schema cache is the transform's). */
    final PathEditor structEditor;
    private final ConnectRecord<?> record;

    Object value;
    Schema schema;
    /** The topic a route action chose; null keeps the record's. */
    String target;
    boolean drop;
    /** Set by a stop action: no further rule is evaluated. */
    boolean stop;
    /** Why a route action could not choose a topic; the record is then dead-lettered. */
    String unroutable;
    private Headers headers;
    private List<String> tags;
    private PathEditor.Edits mapEdits;

    RecordEdit(ConnectRecord<?> record, PathEditor structEditor) {
        this.record = record;
        this.topic = record.topic();
        this.structEditor = structEditor;
        this.value = record.value();
        this.schema = record.valueSchema();
    }

    /** The record's headers, copied on first change. */
    Headers headers() {
        if (headers == null) {
            headers = record.headers().duplicate();
        }
        return headers;
    }

    /** Headers for the new record: the changed copy, or the record's own when no action changed them. */
    Headers finalHeaders(String tagsHeader) {
        if (tags != null) {
            Headers all = headers();
            org.apache.kafka.connect.header.Header existing = all.lastWithName(tagsHeader);
            String joined = String.join(",", tags);
            all.remove(tagsHeader);
            all.addString(tagsHeader, existing == null ? joined : existing.value() + "," + joined);
        }
        return headers == null ? record.headers() : headers;
    }

    /**
     * Edits of a schemaless (map) value: one copy of the value for all of the record's set and remove actions, or
     * none when an earlier Tributary transform handed the map to this record (PathEditor.Edits).
     */
    PathEditor.Edits mapEdits() {
        if (mapEdits == null) {
            mapEdits = new PathEditor.Edits(value, record);
        }
        return mapEdits;
    }

    /** Puts back any change made in place, before the record as it came is dead-lettered or an exception leaves. */
    void rollback() {
        if (mapEdits != null) {
            mapEdits.rollback();
            value = record.value();
        }
    }

    /** Hands the edited value on to the record the rules return (PathEditor.Edits#handOff). */
    <T> T handOff(T next) {
        if (mapEdits != null) {
            return mapEdits.handOff(next);
        }
        PathEditor.handOn(value, record, next);
        return next;
    }

    void tag(String tag) {
        if (tags == null) {
            tags = new ArrayList<>();
        }
        tags.add(tag);
    }
}
