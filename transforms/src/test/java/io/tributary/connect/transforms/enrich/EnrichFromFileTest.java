package io.tributary.connect.transforms.enrich;

import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.transforms.Records;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import static io.tributary.connect.transforms.Records.header;
import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrichFromFileTest {

    @TempDir
    Path dir;
    private Path profiles;

    @BeforeEach
    void writeTable() throws Exception {
        profiles = Files.writeString(dir.resolve("profiles.json"), """
                {"user_profile:u1": {"tier": "gold", "country": "DE", "segment": "b2b", "score": 97},
                 "user_profile:u2": {"tier": "silver", "country": "FR", "segment": "b2c", "score": 40}}""");
    }

    private EnrichFromFile<SourceRecord> enrich(Object... config) {
        Map<String, Object> props = map(config);
        props.putIfAbsent("lookup.file", profiles.toString());
        props.putIfAbsent("lookup.key.template", "user_profile:${user_id}");
        props.putIfAbsent("target.field", "user");
        EnrichFromFile<SourceRecord> transform = new EnrichFromFile<>();
        transform.configure(props);
        return transform;
    }

    @Test
    void everyKeyIsDocumented() {
        ConfigDefAssertions.assertFullyDocumented(EnrichFromFile.CONFIG_DEF);
        ConfigDefAssertions.assertFullyDocumented(EnrichFromRedis.CONFIG_DEF);
    }

    @Test
    void mergesTheSelectedAndRenamedFieldsIntoTheTargetField() {
        SourceRecord out = enrich("fields.include", "tier,country", "fields.rename", "country:home_country")
                .apply(Records.value(map("user_id", "u1", "amount", 5)));
        assertThat(out.value()).isEqualTo(Map.of("user_id", "u1", "amount", 5,
                "user", Map.of("tier", "gold", "home_country", "DE")));
    }

    @Test
    void writesToAHeaderAsJson() {
        SourceRecord out = enrich("target.field", "", "target.header", "x-profile", "fields.include", "tier")
                .apply(Records.value(map("user_id", "u2")));
        assertThat(header(out, "x-profile")).isEqualTo("{\"tier\":\"silver\"}");
        assertThat(out.value()).isEqualTo(Map.of("user_id", "u2"));
    }

    @Test
    void missesFollowThePolicy() {
        SourceRecord unknown = Records.value(map("user_id", "nobody"));
        assertThat(enrich().apply(unknown)).isSameAs(unknown);
        assertThat(((Map<?, ?>) enrich("on.miss", "defaults", "defaults", "{\"tier\": \"none\"}").apply(unknown).value())
                .get("user")).isEqualTo(Map.of("tier", "none"));
        assertThatThrownBy(() -> enrich("on.miss", "fail").apply(unknown)).isInstanceOf(DataException.class)
                .hasMessageContaining("nothing found").hasMessageNotContaining("nobody");
        SourceRecord routed = enrich("on.miss", "route", "dlq.topic", "unenriched").apply(unknown);
        assertThat(routed.topic()).isEqualTo("unenriched");
        assertThat(header(routed, ErrorHeaders.ERROR_STAGE)).isEqualTo("enrich");
        // A record without the key's field is a miss too.
        assertThat(enrich("on.miss", "route").apply(Records.value(map("other", 1))).topic()).isEqualTo("events-dlq");
    }

    @Test
    void structRecordsGetATypedFieldOrAStringMap() {
        Schema schema = SchemaBuilder.struct().name("Event").field("user_id", Schema.STRING_SCHEMA).build();
        Struct event = new Struct(schema).put("user_id", "u1");
        SourceRecord typed = enrich("target.schema", "tier:string, score:int64?").apply(Records.value(schema, event));
        Struct value = (Struct) typed.value();
        value.validate();
        assertThat(value.getStruct("user").getString("tier")).isEqualTo("gold");
        assertThat(value.getStruct("user").getInt64("score")).isEqualTo(97L);
        SourceRecord untyped = enrich().apply(Records.value(schema, event));
        assertThat(((Struct) untyped.value()).getMap("user")).containsEntry("score", "97").containsEntry("tier", "gold");
    }

    @Test
    void csvTablesAreKeyedByAColumn() throws Exception {
        Path csv = Files.writeString(dir.resolve("merchants.csv"), "merchant_id,name,category\nm-001,Acme,tools\n");
        SourceRecord out = enrich("lookup.file", csv.toString(), "lookup.file.format", "csv",
                "lookup.file.key.field", "merchant_id", "lookup.key.template", "${merchant}", "target.field", "merchant_info")
                .apply(Records.value(map("merchant", "m-001")));
        assertThat(((Map<?, ?>) out.value()).get("merchant_info")).isEqualTo(
                Map.of("merchant_id", "m-001", "name", "Acme", "category", "tools"));
    }

    @Test
    void theTableIsReloadedWhenTheFileChanges() throws Exception {
        EnrichFromFile<SourceRecord> transform = enrich("lookup.file.reload.interval.ms", "100", "cache.max.entries", "0");
        assertThat(((Map<?, ?>) ((Map<?, ?>) transform.apply(Records.value(map("user_id", "u1"))).value()).get("user"))
                .get("tier")).isEqualTo("gold");
        Files.writeString(profiles, "{\"user_profile:u1\": {\"tier\": \"platinum\"}}");
        Files.setLastModifiedTime(profiles, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Thread.sleep(150);
        assertThat(((Map<?, ?>) ((Map<?, ?>) transform.apply(Records.value(map("user_id", "u1"))).value()).get("user"))
                .get("tier")).isEqualTo("platinum");
    }

    @Test
    void configErrorsNameTheKey() {
        assertThatThrownBy(() -> enrich("target.header", "h")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("exactly one of target.field and target.header");
        assertThat(EnrichFromFile.CONFIG_DEF.validate(Map.of("lookup.file", dir.resolve("nope").toString(),
                "lookup.key.template", "user:${id", "fields.rename", "a", "defaults", "[1]",
                "target.schema", "tier:money")).stream().filter(v -> !v.errorMessages().isEmpty())
                .map(org.apache.kafka.common.config.ConfigValue::name))
                .containsExactlyInAnyOrder("lookup.file", "lookup.key.template", "fields.rename", "defaults", "target.schema");
    }
}
