package io.tributary.connect.transforms.protect;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.transforms.Records;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtectFieldsTest {

    private static final String AES_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static ProtectFields<SourceRecord> value(Object... config) {
        ProtectFields<SourceRecord> transform = new ProtectFields.Value<>();
        transform.configure(map(config));
        return transform;
    }

    @Test
    void everyKeyIsDocumented() {
        ConfigDefAssertions.assertFullyDocumented(ProtectFields.CONFIG_DEF);
    }

    @Test
    void theExampleSetsOnlyDefinedKeysAndTakesEveryKeyFromAConfigProvider() throws Exception {
        JsonNode config = JsonData.MAPPER.readTree(Path.of(System.getProperty("tributary.root", ".."),
                "connector-configs/transforms/protect-fields.json").toFile()).path("config");
        List<String> passwords = new ArrayList<>();
        config.fields().forEachRemaining(entry -> {
            if (!entry.getKey().startsWith("transforms.protect.") || entry.getKey().equals("transforms.protect.type")) {
                return;
            }
            String key = entry.getKey().substring("transforms.protect.".length());
            ConfigDef.ConfigKey defined = ProtectFields.CONFIG_DEF.configKeys().get(key);
            assertThat(defined).as(key).isNotNull();
            assertThat(defined.documentation).as(key + " is not a deprecated name").doesNotStartWith("Deprecated");
            if (defined.type == ConfigDef.Type.PASSWORD) {
                assertThat(entry.getValue().asText()).as(key).matches("\\$\\{(file|env|directory):[^}]+}");
                passwords.add(key);
            }
        });
        assertThat(passwords).containsExactlyInAnyOrder("hash.key", "encryption.keys");
    }

    @Test
    void masksKeepingTheLastCharactersInNestedFieldsAndArrays() {
        SourceRecord out = value("mask.fields", "card, items[*].iban, user.phone", "mask.keep.last", "4")
                .apply(Records.value(map("card", "4111111111111111", "user", map("phone", "+4930123"),
                        "items", List.of(map("iban", "DE89370400440532013000"), map("iban", "123")))));
        Map<?, ?> value = (Map<?, ?>) out.value();
        assertThat(value.get("card")).isEqualTo("************1111");
        assertThat(((Map<?, ?>) value.get("user")).get("phone")).isEqualTo("****0123");
        assertThat(((List<?>) value.get("items"))).extracting(i -> (Object) ((Map<?, ?>) i).get("iban"))
                .containsExactly("******************3000", "***");
    }

    @Test
    void hashesAreStablePseudonymsThatDependOnTheKey() {
        SourceRecord a = value("hash.fields", "email", "hash.key", "k1").apply(Records.value(map("email", "ann@example.com")));
        SourceRecord b = value("hash.fields", "email", "hash.key", "k1").apply(Records.value(map("email", "ann@example.com")));
        SourceRecord c = value("hash.fields", "email", "hash.key", "k2").apply(Records.value(map("email", "ann@example.com")));
        String hash = (String) ((Map<?, ?>) a.value()).get("email");
        assertThat(hash).hasSize(64).matches("[0-9a-f]+").isEqualTo(((Map<?, ?>) b.value()).get("email"))
                .isNotEqualTo(((Map<?, ?>) c.value()).get("email"));
    }

    @Test
    void encryptionIsUndoneByTheDecryptingTransformKeepingTypes() {
        SourceRecord encrypted = value("encrypt.fields", "ssn, score, profile", "encryption.keys", AES_KEY)
                .apply(Records.value(map("ssn", "078-05-1120", "score", 42L, "profile", map("tier", "gold"))));
        Map<?, ?> sealed = (Map<?, ?>) encrypted.value();
        assertThat(sealed.get("ssn")).isInstanceOf(String.class).isNotEqualTo("078-05-1120");
        SourceRecord decrypted = value("decrypt.fields", "ssn, score, profile", "encryption.keys", AES_KEY).apply(encrypted);
        assertThat(decrypted.value()).isEqualTo(Map.of("ssn", "078-05-1120", "score", 42L, "profile", Map.of("tier", "gold")));
    }

    @Test
    void decryptingWithTheWrongKeyFailsWithoutShowingTheValue() {
        SourceRecord encrypted = value("encrypt.fields", "ssn", "encryption.keys", AES_KEY)
                .apply(Records.value(map("ssn", "078-05-1120")));
        byte[] other = new byte[32];
        other[0] = 1;
        ProtectFields<SourceRecord> wrongKey = value("decrypt.fields", "ssn", "encryption.keys",
                Base64.getEncoder().encodeToString(other));
        assertThatThrownBy(() -> wrongKey.apply(encrypted)).isInstanceOf(DataException.class)
                .hasMessage("field 'ssn' to decrypt failed authentication under key id 'default': the ciphertext or "
                        + "its header was altered, or the key under this id is not the one that encrypted it (wrong key)");
    }

    @Test
    void valuesThatAreNotCiphertextAreDataErrorsNamingTheField() {
        ProtectFields<SourceRecord> decrypt = value("decrypt.fields", "a, b, c", "encryption.keys", AES_KEY);
        assertThatThrownBy(() -> decrypt.apply(Records.value(map("a", "not base64!")))).isInstanceOf(DataException.class)
                .hasMessage("field 'a' to decrypt is not base64 ciphertext");
        assertThatThrownBy(() -> decrypt.apply(Records.value(map("b", 7L)))).isInstanceOf(DataException.class)
                .hasMessage("field 'b' to decrypt holds a Long, not ciphertext");
        assertThatThrownBy(() -> decrypt.apply(Records.value(map("c", "aGVsbG8gd29ybGQ=")))).isInstanceOf(DataException.class)
                .hasMessage("field 'c' to decrypt is not ciphertext of this transform (its first byte, the format "
                        + "version, is 104; this version reads 1 and 2)");
    }

    @Test
    void theFormerSingleKeyEncryptionKeyStillWorksAsTheKeyWithIdDefault() {
        SourceRecord encrypted = value("encrypt.fields", "ssn", "encryption.key", AES_KEY)
                .apply(Records.value(map("ssn", "078-05-1120")));
        SourceRecord decrypted = value("decrypt.fields", "ssn", "encryption.keys", "default:" + AES_KEY).apply(encrypted);
        assertThat(decrypted.value()).isEqualTo(Map.of("ssn", "078-05-1120"));
    }

    @Test
    void theFormerKeyAndItsNewNameSetApartIsAnErrorThatShowsNeither() {
        String other = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> value("encrypt.fields", "ssn", "encryption.key", AES_KEY, "encryption.keys", other))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value [hidden] for configuration encryption.keys: is set together with "
                        + "encryption.key, its deprecated former name, to a different value: keep only encryption.keys");
    }

    @Test
    void reencryptionMovesCiphertextToTheEncryptingKeyKeepingTheValueType() {
        String oldKey = AES_KEY;
        String newKey = Base64.getEncoder().encodeToString(new byte[16]);
        SourceRecord old = value("encrypt.fields", "ssn, score", "encryption.keys", "old:" + oldKey)
                .apply(Records.value(map("ssn", "078-05-1120", "score", 42L)));
        SourceRecord moved = value("reencrypt.fields", "ssn, score", "encryption.keys", "old:" + oldKey + ",new:" + newKey,
                "encryption.key.id", "new").apply(old);
        SourceRecord decrypted = value("decrypt.fields", "ssn, score", "encryption.keys", "new:" + newKey).apply(moved);
        assertThat(decrypted.value()).isEqualTo(Map.of("ssn", "078-05-1120", "score", 42L));
    }

    @Test
    void structFieldsChangeTypeToStringAndDroppedFieldsLeaveTheSchema() {
        Schema card = SchemaBuilder.struct().field("number", Schema.STRING_SCHEMA).field("cvv", Schema.INT32_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().name("Payment").field("amount", Schema.FLOAT64_SCHEMA)
                .field("card", card).field("email", Schema.OPTIONAL_STRING_SCHEMA).build();
        Struct payment = new Struct(schema).put("amount", 9.5).put("email", null)
                .put("card", new Struct(card).put("number", "4111111111111111").put("cvv", 123));
        SourceRecord out = value("mask.fields", "card.number", "hash.fields", "amount,email", "hash.key", "k",
                "drop.fields", "card.cvv").apply(Records.value(schema, payment));
        Struct result = (Struct) out.value();
        result.validate();
        assertThat(result.getStruct("card").getString("number")).isEqualTo("************1111");
        assertThat(result.getStruct("card").schema().field("cvv")).isNull();
        assertThat(result.schema().field("amount").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(result.getString("amount")).hasSize(64);
        assertThat(result.get("email")).isNull();
        assertThat(out.valueSchema().name()).isEqualTo("Payment");
        assertThat(payment.getStruct("card").getInt32("cvv")).isEqualTo(123);
    }

    @Test
    void worksOnKeysToo() {
        Schema schema = SchemaBuilder.struct().field("user", Schema.STRING_SCHEMA).build();
        ProtectFields<SourceRecord> transform = new ProtectFields.Key<>();
        transform.configure(map("mask.fields", "user", "mask.keep.last", "1"));
        SourceRecord out = transform.apply(Records.key(schema, new Struct(schema).put("user", "ann")));
        assertThat(((Struct) out.key()).getString("user")).isEqualTo("**n");
    }

    @Test
    void configErrorsNameTheKey() {
        assertThatThrownBy(() -> value("hash.fields", "email")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hash.key").hasMessageContaining("required");
        assertThatThrownBy(() -> value("mask.fields", "a", "drop.fields", "a")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("listed for two protections");
        assertThat(ProtectFields.CONFIG_DEF.validate(Map.of("encryption.keys", "c2hvcnQ=", "mask.fields", "a..b")).stream()
                .filter(v -> !v.errorMessages().isEmpty()).map(v -> v.name() + ": " + v.errorMessages().get(0)))
                .containsExactlyInAnyOrder("encryption.keys: Invalid value [hidden] for configuration encryption.keys: "
                                + "key 'default' must be base64 of 16, 24 or 32 bytes (it is 5 bytes)",
                        "mask.fields: Invalid value [a..b] for configuration mask.fields: field path 'a..b' is malformed "
                                + "at position 2: empty field name");
    }
}
