package io.tributary.connect.sink.http;

import io.tributary.connect.sink.http.template.RecordTemplate;
import io.tributary.connect.sink.http.template.RecordTemplate.Encoding;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordTemplateTest {

    private static final Schema KEY = SchemaBuilder.struct().field("tenant", Schema.STRING_SCHEMA).build();

    private static SinkRecord record(Object value) {
        return new SinkRecord("events", 3, KEY, new Struct(KEY).put("tenant", "acme"), null, value, 42L, 1_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    @Test
    void fillsRecordCoordinatesKeyFieldsAndValueFields() {
        RecordTemplate t = RecordTemplate.parse("http.url", "/{{topic}}/{{ partition }}/{{offset}}/{{timestamp}}/"
                + "{{key.tenant}}/{{value.user.id}}");
        assertThat(t.render(record(Map.of("user", Map.of("id", 7))), Encoding.URL)).isEqualTo("/events/3/42/1000/acme/7");
    }

    @Test
    void inJsonPlaceholdersAreJsonValues() {
        RecordTemplate t = RecordTemplate.parse("http.body.template", "{\"k\": {{key}}, \"name\": {{value.name}}}");
        assertThat(t.render(record(Map.of("name", "a\"b")), Encoding.JSON))
                .isEqualTo("{\"k\": {\"tenant\":\"acme\"}, \"name\": \"a\\\"b\"}");
    }

    @Test
    void aMissingFieldIsADataExceptionNamingThePlaceholderAndRecordButNotItsContent() {
        RecordTemplate t = RecordTemplate.parse("http.url", "/u/{{value.user.id}}");
        assertThatThrownBy(() -> t.render(record(Map.of("secret", "hunter2")), Encoding.URL))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("{{value.user.id}} at position 3 of http.url")
                .hasMessageContaining("events-3@42")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void parseErrorsNameTheKeyAndThePosition() {
        assertThatThrownBy(() -> RecordTemplate.parse("http.url", "http://h/{{value.id"))
                .hasMessage("http.url template 'http://h/{{value.id' is malformed at position 9: '{{' is not closed "
                        + "by '}}'");
        assertThatThrownBy(() -> RecordTemplate.parse("http.url", "/a/{{}}"))
                .hasMessageContaining("position 3: empty placeholder");
        assertThatThrownBy(() -> RecordTemplate.parse("http.headers", "x {{user.id}}"))
                .hasMessageContaining("position 2: unknown placeholder 'user.id'");
        assertThatThrownBy(() -> RecordTemplate.parse("http.url", "/{{topic.name}}"))
                .hasMessageContaining("position 1: 'topic' has no fields");
        assertThatThrownBy(() -> RecordTemplate.parse("http.url", "/{{value.items[x]}}"))
                .hasMessageContaining("position 1:").hasMessageContaining("index must be a whole number");
    }
}
