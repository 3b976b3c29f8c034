package io.tributary.connect.transforms.protect;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.transforms.Records;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Format 2 (authenticated header, key ids), format 1 still read, key rotation and what tampering gives. */
class ProtectFieldsFormatTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(bytes(32, 0x11));
    private static final String KEY_B = Base64.getEncoder().encodeToString(bytes(16, 0x22));

    private static ProtectFields<SourceRecord> transform(Object... config) {
        ProtectFields<SourceRecord> transform = new ProtectFields.Value<>();
        transform.configure(map(config));
        return transform;
    }

    private static String encrypted(String keys, String keyId, Object value) {
        return (String) field(transform("encrypt.fields", "f", "encryption.keys", keys, "encryption.key.id", keyId)
                .apply(Records.value(map("f", value))));
    }

    private static Object decrypted(String keys, String ciphertext) {
        return field(transform("decrypt.fields", "f", "encryption.keys", keys).apply(Records.value(map("f", ciphertext))));
    }

    private static Object field(SourceRecord record) {
        return ((Map<?, ?>) record.value()).get("f");
    }

    @Test
    void writesFormat2WithTypeAndKeyIdInTheHeader() {
        byte[] raw = Base64.getDecoder().decode(encrypted("k-2025.1:" + KEY_A, "k-2025.1", "078-05-1120"));
        assertThat(raw[0]).isEqualTo((byte) 2);
        assertThat(raw[1]).isEqualTo((byte) 's');
        assertThat(raw[2]).isEqualTo((byte) 8);
        assertThat(new String(raw, 3, 8, StandardCharsets.US_ASCII)).isEqualTo("k-2025.1");
        assertThat(raw).hasSize(3 + 8 + 12 + "078-05-1120".length() + 16);
        byte[] json = Base64.getDecoder().decode(encrypted("k:" + KEY_A, "k", 42L));
        assertThat(json[1]).isEqualTo((byte) 'j');
    }

    @Test
    void everyFormat1FixtureStillDecryptsToItsValue() throws IOException {
        JsonNode fixtures = fixtures();
        String keys = "a256:" + fixtures.get("keys").get("aes256").asText() + ",a128:" + fixtures.get("keys").get("aes128").asText();
        List<String> checked = new ArrayList<>();
        for (JsonNode c : fixtures.get("cases")) {
            String ciphertext = c.get("ciphertext").asText();
            assertThat(Base64.getDecoder().decode(ciphertext)[0]).isEqualTo((byte) 1);
            assertThat(decrypted(keys, ciphertext)).as(c.toString()).isEqualTo(plain(c.get("plain")));
            checked.add(c.get("key").asText() + "/" + c.get("type").asText());
        }
        assertThat(checked).hasSize(14).contains("aes256/s", "aes256/j", "aes128/s", "aes128/j");
    }

    @Test
    void format1CiphertextWithItsKeyRemovedIsAClearError() throws IOException {
        JsonNode fixtures = fixtures();
        String ciphertext = fixtures.get("cases").get(0).get("ciphertext").asText();
        assertThatThrownBy(() -> decrypted("b:" + KEY_B, ciphertext)).isInstanceOf(DataException.class)
                .hasMessage("field 'f' to decrypt (format 1, which has no key id) failed authentication under every "
                        + "key in encryption.keys (b): wrong key or altered ciphertext");
    }

    @Test
    void format1FixturesReencryptToFormat2UnderTheEncryptingKey() throws IOException {
        JsonNode fixtures = fixtures();
        JsonNode map = fixtures.get("cases").get(5);
        assertThat(map.get("plain").isObject()).isTrue();
        String moved = (String) field(transform("reencrypt.fields", "f", "encryption.keys",
                "legacy:" + fixtures.get("keys").get("aes256").asText() + ",new:" + KEY_B, "encryption.key.id", "new")
                .apply(Records.value(map("f", map.get("ciphertext").asText()))));
        byte[] raw = Base64.getDecoder().decode(moved);
        assertThat(raw[0]).isEqualTo((byte) 2);
        assertThat(raw[1]).isEqualTo((byte) 'j');
        assertThat(new String(raw, 3, raw[2], StandardCharsets.US_ASCII)).isEqualTo("new");
        assertThat(decrypted("new:" + KEY_B, moved)).isEqualTo(plain(map.get("plain")));
    }

    @Test
    void keysRotateByIdWithoutAFlagDay() {
        String before = encrypted("2024:" + KEY_A, "2024", "078-05-1120");
        String during = encrypted("2024:" + KEY_A + ",2025:" + KEY_B, "2025", "219-09-9999");
        assertThat(new String(Base64.getDecoder().decode(during), 3, 4, StandardCharsets.US_ASCII)).isEqualTo("2025");
        String both = "2024:" + KEY_A + ", 2025:" + KEY_B;
        assertThat(decrypted(both, before)).isEqualTo("078-05-1120");
        assertThat(decrypted(both, during)).isEqualTo("219-09-9999");
        assertThat(decrypted("2025:" + KEY_B, during)).isEqualTo("219-09-9999");
        assertThatThrownBy(() -> decrypted("2025:" + KEY_B, before)).isInstanceOf(DataException.class)
                .hasMessage("field 'f' to decrypt was encrypted under key id '2024', which encryption.keys does not "
                        + "hold (it holds 2025)");
    }

    @Test
    void swappingTheTypeByteFailsAuthentication() {
        byte[] raw = Base64.getDecoder().decode(encrypted("k:" + KEY_A, "k", "42"));
        raw[1] = 'j';
        assertThatThrownBy(() -> decrypted("k:" + KEY_A, Base64.getEncoder().encodeToString(raw)))
                .isInstanceOf(DataException.class).hasMessageStartingWith("field 'f' to decrypt failed authentication "
                        + "under key id 'k': the ciphertext or its header was altered");
    }

    @Test
    void relabellingTheKeyIdFailsAuthenticationEvenWhenBothIdsHoldTheSameKey() {
        byte[] raw = Base64.getDecoder().decode(encrypted("k1:" + KEY_A, "k1", "078-05-1120"));
        raw[4] = '2';
        assertThatThrownBy(() -> decrypted("k1:" + KEY_A + ",k2:" + KEY_A, Base64.getEncoder().encodeToString(raw)))
                .isInstanceOf(DataException.class).hasMessageStartingWith("field 'f' to decrypt failed authentication "
                        + "under key id 'k2'");
    }

    @Test
    void alteringAnyByteOfTheCiphertextFailsDecryptionWithAClearError() {
        String keys = "k1:" + KEY_A + ",k2:" + KEY_B;
        byte[] original = Base64.getDecoder().decode(encrypted(keys, "k1", "078-05-1120"));
        int header = 3 + 2;
        for (int i = 0; i < original.length; i++) {
            for (int mask : new int[] {0x01, 0x02, 0x80}) {
                byte[] altered = original.clone();
                altered[i] ^= (byte) mask;
                String ciphertext = Base64.getEncoder().encodeToString(altered);
                String where = (i < header ? "header" : "body") + " byte " + i + " ^ " + mask;
                assertThatThrownBy(() -> decrypted(keys, ciphertext)).as(where).isInstanceOf(DataException.class)
                        .hasMessageStartingWith("field 'f' to decrypt ")
                        .hasMessageNotContaining("078")
                        .message().containsAnyOf("failed authentication", "format version, is",
                                "format 2 header is malformed", "header holds an invalid key id",
                                "which encryption.keys does not hold");
            }
        }
    }

    @Test
    void severalKeysNeedTheEncryptingIdNamed() {
        assertThatThrownBy(() -> transform("encrypt.fields", "f", "encryption.keys", "a:" + KEY_A + ",b:" + KEY_B))
                .isInstanceOf(ConfigException.class).hasMessage("Invalid value null for configuration "
                        + "encryption.key.id: is required when encryption.keys holds more than one key (its ids: a, b): "
                        + "name the one that encrypts");
        assertThatThrownBy(() -> transform("encrypt.fields", "f", "encryption.keys", "a:" + KEY_A, "encryption.key.id", "c"))
                .isInstanceOf(ConfigException.class).hasMessage("Invalid value c for configuration encryption.key.id: "
                        + "is not an id in encryption.keys (its ids: a)");
        transform("decrypt.fields", "f", "encryption.keys", "a:" + KEY_A + ",b:" + KEY_B);
    }

    @Test
    void malformedKeyListsAreRefusedWithoutShowingKeys() {
        assertThat(errorOf("a:" + KEY_A + ",a:" + KEY_B)).isEqualTo("key id 'a' appears twice");
        assertThat(errorOf(KEY_A + "," + KEY_B)).isEqualTo("key id 'default' appears twice (an entry without an id "
                + "has the id 'default')");
        assertThat(errorOf("a:" + KEY_A + ",b:c2hvcnQ=")).isEqualTo("key 'b' must be base64 of 16, 24 or 32 bytes (it is 5 bytes)");
        assertThat(errorOf("a:" + KEY_A + ",b:!!")).isEqualTo("key 'b' is not base64");
        assertThat(errorOf("a b:" + KEY_A)).isEqualTo("entry 1 has an invalid key id (1 to 64 characters of A-Z, a-z, "
                + "0-9, '.', '_', '-')");
        assertThat(errorOf("a:" + KEY_A + ",")).isEqualTo("entry 2 is empty (entries are id:base64-key, comma-separated)");
    }

    private static String errorOf(String keys) {
        return ProtectFields.CONFIG_DEF.validate(Map.of("encryption.keys", keys)).stream()
                .filter(v -> v.name().equals("encryption.keys")).findFirst().orElseThrow().errorMessages().get(0)
                .replace("Invalid value [hidden] for configuration encryption.keys: ", "");
    }

    static JsonNode fixtures() throws IOException {
        try (InputStream in = ProtectFieldsFormatTest.class.getResourceAsStream("/protect/format-1-ciphertexts.json")) {
            byte[] json = in.readAllBytes();
            return JsonData.parseTree(json, 0, json.length);
        }
    }

    private static Object plain(JsonNode node) throws IOException {
        byte[] json = node.toString().getBytes(StandardCharsets.UTF_8);
        return JsonData.parseSchemaless(json, 0, json.length);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (seed + i);
        }
        return out;
    }
}
