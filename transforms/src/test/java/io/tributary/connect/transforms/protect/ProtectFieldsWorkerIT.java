package io.tributary.connect.transforms.protect;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ProtectFields in a real worker, with its keys from a config provider: the file source encrypts two fields of
 * each event, BouncyCastle (following only the documented layout) decrypts them from the topic, the REST API shows
 * the provider reference and never the key; a second connector decrypts a value sealed by BouncyCastle, and a value
 * whose header was altered on the way fails its task with a message that names the field and the reason, without
 * the value or the key.
 */
class ProtectFieldsWorkerIT {

    private static final byte[] KEY_1 = bytes(32, 0x05);
    private static final byte[] KEY_2 = bytes(16, 0x55);

    @TempDir
    Path dir;

    @Test
    void encryptsWithProvidedKeysThatTheRestApiNeverShowsAndAnAlteredHeaderFailsTheTaskClearly() throws Exception {
        Path secrets = dir.resolve("protect.properties");
        String keys = "2025-01:" + b64(KEY_1) + ",2025-06:" + b64(KEY_2);
        Files.writeString(secrets, "encryption_keys=" + keys + "\n");
        Path in = Files.createDirectories(dir.resolve("in"));
        List<String> ssns = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            String ssn = String.format("078-05-%04d", i);
            ssns.add(ssn);
            lines.append("{\"id\":").append(i).append(",\"ssn\":\"").append(ssn)
                    .append("\",\"card\":{\"last4\":\"").append(String.format("%04d", 1000 + i)).append("\"}}\n");
        }
        Files.writeString(in.resolve("events.jsonl"), lines);

        try (ConnectCluster cluster = ConnectCluster.builder("protect")
                .workerProp("config.providers", "file")
                .workerProp("config.providers.file.class", FileConfigProvider.class.getName())
                .start()) {
            ConnectRest rest = cluster.rest();
            Map<String, String> encrypt = source(in, "protected");
            encrypt.put("transforms.protect.encrypt.fields", "ssn, card");
            encrypt.put("transforms.protect.encryption.keys", "${file:" + secrets + ":encryption_keys}");
            encrypt.put("transforms.protect.encryption.key.id", "2025-06");
            rest.configure("encrypt", encrypt);
            rest.awaitRunning("encrypt", 1, Duration.ofSeconds(60));

            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "protected", 20, Duration.ofSeconds(60));
            assertThat(records).hasSize(20);
            Map<String, byte[]> byId = Map.of("2025-01", KEY_1, "2025-06", KEY_2);
            List<String> decrypted = new ArrayList<>();
            String sealedSsn = null;
            String sealedPlain = null;
            for (ConsumerRecord<byte[], byte[]> record : records) {
                JsonNode value = ConnectRest.JSON.readTree(record.value());
                int id = value.path("id").asInt();
                BouncyCastleLayout.Opened ssn = BouncyCastleLayout.open(byId, value.path("ssn").asText());
                BouncyCastleLayout.Opened card = BouncyCastleLayout.open(byId, value.path("card").asText());
                assertThat(ssn).isEqualTo(new BouncyCastleLayout.Opened(2, 's', "2025-06", ssns.get(id)));
                assertThat(card).isEqualTo(new BouncyCastleLayout.Opened(2, 'j', "2025-06",
                        "{\"last4\":\"" + String.format("%04d", 1000 + id) + "\"}"));
                decrypted.add(ssn.plaintext());
                sealedSsn = value.path("ssn").asText();
                sealedPlain = ssn.plaintext();
            }
            assertThat(decrypted).containsExactlyInAnyOrderElementsOf(ssns);

            for (String path : List.of("connectors/encrypt/config", "connectors/encrypt")) {
                String body = rest.get(path).expect(200).body();
                assertThat(body).as(path).contains("${file:" + secrets + ":encryption_keys}")
                        .doesNotContain(b64(KEY_1)).doesNotContain(b64(KEY_2));
            }

            // A second connector decrypts: a value sealed by BouncyCastle under the old id; then, once that has
            // arrived, the last value above with its header's type byte switched from 's' to 'j'.
            Path in2 = Files.createDirectories(dir.resolve("in2"));
            Files.writeString(in2.resolve("1.jsonl"), "{\"id\":100,\"ssn\":\""
                    + BouncyCastleLayout.seal(KEY_1, "2025-01", 's', "219-09-9999", bytes(12, 9)) + "\"}\n");
            Map<String, String> decrypt = source(in2, "clear");
            decrypt.put("transforms.protect.decrypt.fields", "ssn");
            decrypt.put("transforms.protect.encryption.keys", "${file:" + secrets + ":encryption_keys}");
            rest.configure("decrypt", decrypt);

            List<ConsumerRecord<byte[], byte[]>> clear = TopicReader.readAtLeast(cluster.bootstrapServers(), "clear", 1,
                    Duration.ofSeconds(60));
            assertThat(clear).hasSize(1);
            JsonNode first = ConnectRest.JSON.readTree(clear.get(0).value());
            assertThat(first.path("id").asInt()).isEqualTo(100);
            assertThat(first.path("ssn").asText()).isEqualTo("219-09-9999");

            byte[] altered = Base64.getDecoder().decode(sealedSsn);
            altered[1] = 'j';
            Path second = Files.writeString(dir.resolve("2.jsonl"), "{\"id\":101,\"ssn\":\""
                    + Base64.getEncoder().encodeToString(altered) + "\"}\n");
            Files.move(second, in2.resolve("2.jsonl"), StandardCopyOption.ATOMIC_MOVE);
            String[] trace = new String[1];
            Await.until(Duration.ofSeconds(60), "task 0 of decrypt FAILED", () -> {
                JsonNode task = rest.status("decrypt").path("tasks").path(0);
                trace[0] = task.path("trace").asText();
                return "FAILED".equals(task.path("state").asText());
            }, () -> trace[0]);
            assertThat(trace[0]).contains("field 'ssn' to decrypt failed authentication under key id '2025-06': the "
                            + "ciphertext or its header was altered")
                    .doesNotContain(sealedPlain).doesNotContain(b64(KEY_2));
        }
    }

    private static Map<String, String> source(Path in, String topic) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.tributary.connect.source.file.FileSourceConnector");
        config.put("topic", topic);
        config.put("file.path", in.toString());
        config.put("file.min.age.ms", "0");
        config.put("file.scan.interval.ms", "200");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("transforms", "protect");
        config.put("transforms.protect.type", "io.tributary.connect.transforms.protect.ProtectFields$Value");
        return config;
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
