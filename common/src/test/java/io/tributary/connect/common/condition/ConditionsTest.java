package io.tributary.connect.common.condition;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The condition language on its own (the Rules transform's tests and the processor's route tests use it too). */
class ConditionsTest {

    private static Condition parse(String json) throws Exception {
        return Conditions.parse(JsonData.MAPPER.readTree(json), "where");
    }

    @Test
    void comparesNumbersByValueAndTextByText() throws Exception {
        Condition big = parse("{\"field\": \"amount\", \"op\": \">=\", \"value\": 100}");
        assertThat(big.test(Map.of("amount", 100.0), "t")).isTrue();
        assertThat(big.test(Map.of("amount", 99L), "t")).isFalse();
        assertThat(big.test(Map.of("amount", "100"), "t")).as("never true across kinds").isFalse();
        assertThat(big.test(Map.of(), "t")).isFalse();
    }

    @Test
    void combinesWithAllAnyNotAndComparesTheTopic() throws Exception {
        Condition c = parse("""
                {"all": [{"field": "$topic", "op": "prefix", "value": "events-"},
                         {"not": {"field": "user.tier", "op": "in", "value": ["test", "internal"]}},
                         {"any": [{"field": "type", "op": "regex", "value": ".*pay"},
                                  {"field": "tags", "op": "contains", "value": "vip"}]}]}""");
        assertThat(c.test(Map.of("user", Map.of("tier", "gold"), "type", "prepay"), "events-raw")).isTrue();
        assertThat(c.test(Map.of("user", Map.of("tier", "gold"), "tags", List.of("vip")), "events-raw")).isTrue();
        assertThat(c.test(Map.of("user", Map.of("tier", "test"), "type", "pay"), "events-raw")).isFalse();
        assertThat(c.test(Map.of("user", Map.of("tier", "gold"), "type", "pay"), "other")).isFalse();
    }

    @Test
    void anInvalidConditionIsRefusedNamingWhereAndWhy() {
        assertThatThrownBy(() -> parse("{\"all\": [{\"field\": \"a\", \"op\": \"between\", \"value\": 1}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("where.all[0]: operator 'between' is unknown (known: =, !=, <,");
        assertThatThrownBy(() -> parse("{\"field\": \"a\", \"op\": \"in\", \"value\": 1}"))
                .hasMessage("where: operator 'in' needs an array value");
        assertThatThrownBy(() -> parse("{\"field\": \"a\", \"op\": \"regex\", \"value\": \"(\"}"))
                .hasMessageStartingWith("where: invalid regex (");
        assertThatThrownBy(() -> parse("[]")).hasMessage("where must be an object");
    }

    @Test
    void constantsAreTheJavaValuesRecordsHold() throws Exception {
        JsonNode node = JsonData.MAPPER.readTree("[1, 2.5, \"x\", true, null]");
        assertThat(Conditions.constant(node)).isEqualTo(java.util.Arrays.asList(1L, 2.5, "x", true, null));
    }
}
