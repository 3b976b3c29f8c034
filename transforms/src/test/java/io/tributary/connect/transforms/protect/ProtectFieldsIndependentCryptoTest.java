package io.tributary.connect.transforms.protect;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.transforms.Records;
import org.apache.kafka.connect.source.SourceRecord;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The transform's ciphertexts against AES-GCM implementations that share nothing with it and follow only the layout
 * in docs/transforms/protect-fields.md: BouncyCastle's lightweight GCM ({@link BouncyCastleLayout}) and Node.js's
 * crypto (protect/protect-fields-layout.mjs, run when node is on the PATH). Each decrypts what the transform
 * wrote, and the transform decrypts what each wrote.
 */
class ProtectFieldsIndependentCryptoTest {

    private static final byte[] KEY_1 = bytes(32, 0x40);
    private static final byte[] KEY_2 = bytes(24, 0x70);
    private static final String KEYS = "k1:" + b64(KEY_1) + ",k2:" + b64(KEY_2);
    private static final String SSN = "078-05-1120";
    private static final String NAME = "Zo\u00eb \u2603 \uD83D\uDE00";

    /** The transform encrypts a string, a non-ASCII string, a number and a map under k1. */
    private static Map<?, ?> encryptedByTheTransform() {
        ProtectFields<SourceRecord> encrypt = new ProtectFields.Value<>();
        encrypt.configure(map("encrypt.fields", "ssn, name, score, profile", "encryption.keys", KEYS, "encryption.key.id", "k1"));
        return (Map<?, ?>) encrypt.apply(Records.value(map("ssn", SSN, "name", NAME, "score", 42L,
                "profile", map("tier", "gold")))).value();
    }

    private static Map<?, ?> decryptedByTheTransform(Map<String, Object> fields) {
        ProtectFields<SourceRecord> decrypt = new ProtectFields.Value<>();
        decrypt.configure(map("decrypt.fields", String.join(",", fields.keySet()), "encryption.keys", KEYS));
        return (Map<?, ?>) decrypt.apply(Records.value(fields)).value();
    }

    @Test
    void bouncyCastleDecryptsWhatTheTransformEncrypts() throws InvalidCipherTextException {
        Map<?, ?> sealed = encryptedByTheTransform();
        Map<String, byte[]> keys = Map.of("k1", KEY_1, "k2", KEY_2);
        assertThat(BouncyCastleLayout.open(keys, (String) sealed.get("ssn")))
                .isEqualTo(new BouncyCastleLayout.Opened(2, 's', "k1", SSN));
        assertThat(BouncyCastleLayout.open(keys, (String) sealed.get("name")))
                .isEqualTo(new BouncyCastleLayout.Opened(2, 's', "k1", NAME));
        assertThat(BouncyCastleLayout.open(keys, (String) sealed.get("score")))
                .isEqualTo(new BouncyCastleLayout.Opened(2, 'j', "k1", "42"));
        assertThat(BouncyCastleLayout.open(keys, (String) sealed.get("profile")))
                .isEqualTo(new BouncyCastleLayout.Opened(2, 'j', "k1", "{\"tier\":\"gold\"}"));
    }

    @Test
    void theTransformDecryptsWhatBouncyCastleEncrypts() throws InvalidCipherTextException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("ssn", BouncyCastleLayout.seal(KEY_2, "k2", 's', SSN, bytes(12, 0x01)));
        fields.put("name", BouncyCastleLayout.seal(KEY_1, "k1", 's', NAME, bytes(12, 0x31)));
        fields.put("profile", BouncyCastleLayout.seal(KEY_2, "k2", 'j', "{\"tier\":\"gold\",\"since\":2019}", bytes(12, 0x61)));
        assertThat(decryptedByTheTransform(fields)).isEqualTo(Map.of("ssn", SSN, "name", NAME,
                "profile", Map.of("tier", "gold", "since", 2019L)));
    }

    @Test
    void bouncyCastleFindsTheHeaderAuthenticated() {
        byte[] raw = Base64.getDecoder().decode((String) encryptedByTheTransform().get("score"));
        raw[1] = 's';
        String retyped = Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> BouncyCastleLayout.open(Map.of("k1", KEY_1), retyped))
                .isInstanceOf(InvalidCipherTextException.class).hasMessageContaining("mac check in GCM failed");
    }

    @Test
    void bouncyCastleDecryptsTheFormat1FixturesFromTheirDocumentedLayout() throws Exception {
        JsonNode fixtures = ProtectFieldsFormatTest.fixtures();
        int opened = 0;
        for (JsonNode c : fixtures.get("cases")) {
            byte[] key = Base64.getDecoder().decode(fixtures.get("keys").get(c.get("key").asText()).asText());
            BouncyCastleLayout.Opened out = BouncyCastleLayout.open(Map.of("only", key), c.get("ciphertext").asText());
            assertThat(out.format()).isEqualTo(1);
            assertThat(String.valueOf(out.type())).isEqualTo(c.get("type").asText());
            JsonNode plain = c.get("plain");
            assertThat(out.plaintext()).isEqualTo(plain.isTextual() ? plain.asText() : plain.toString());
            opened++;
        }
        assertThat(opened).isEqualTo(14);
    }

    @Test
    void nodeDecryptsWhatTheTransformEncryptsAndTheTransformDecryptsWhatNodeEncrypts() throws Exception {
        Path node = onPath("node");
        assumeTrue(node != null, "node is not on the PATH: the Node.js cross-check is skipped (BouncyCastle's runs)");
        Map<?, ?> sealed = encryptedByTheTransform();
        byte[] tampered = Base64.getDecoder().decode((String) sealed.get("ssn"));
        tampered[3] = 'k';
        tampered[4] = '2';
        Map<String, Object> request = map("keys", map("k1", b64(KEY_1), "k2", b64(KEY_2)),
                "open", List.of(sealed.get("ssn"), sealed.get("name"), sealed.get("score"), sealed.get("profile"),
                        Base64.getEncoder().encodeToString(tampered)),
                "seal", List.of(map("keyId", "k2", "type", "s", "plaintext", SSN),
                        map("keyId", "k1", "type", "j", "plaintext", "{\"tier\":\"gold\"}")));
        JsonNode response = runNode(node, JsonData.MAPPER.writeValueAsBytes(request));

        List<String> opened = new ArrayList<>();
        response.get("opened").forEach(o -> opened.add(o.has("error") ? "error: " + o.get("error").asText()
                : o.get("format").asInt() + "/" + o.get("type").asText() + "/" + o.get("keyId").asText() + "/"
                + o.get("plaintext").asText()));
        assertThat(opened).containsExactly("2/s/k1/" + SSN, "2/s/k1/" + NAME, "2/j/k1/42", "2/j/k1/{\"tier\":\"gold\"}",
                "error: Unsupported state or unable to authenticate data");

        Map<String, Object> fromNode = new LinkedHashMap<>();
        fromNode.put("ssn", response.get("sealed").get(0).asText());
        fromNode.put("profile", response.get("sealed").get(1).asText());
        assertThat(decryptedByTheTransform(fromNode)).isEqualTo(Map.of("ssn", SSN, "profile", Map.of("tier", "gold")));
    }

    private static JsonNode runNode(Path node, byte[] request) throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(ProtectFieldsIndependentCryptoTest.class.getResource("/protect/protect-fields-layout.mjs").toURI());
        Path stderr = Files.createTempFile("protect-node", ".err");
        try {
            Process process = new ProcessBuilder(node.toString(), script.toString())
                    .redirectError(stderr.toFile()).start();
            try (var in = process.getOutputStream()) {
                in.write(request);
            }
            byte[] out = process.getInputStream().readAllBytes();
            // A guard against a hung child only; no assertion depends on how long node takes.
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
            assertThat(process.exitValue()).as("node's exit status; stderr: %s", Files.readString(stderr)).isZero();
            return JsonData.parseTree(out, 0, out.length);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (seed + i);
        }
        return out;
    }
}
