package io.tributary.launcher.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One dead letter for a person ({@code text}: partition, offset, time, every header, the value decoded and how) or for
 * a program ({@code json}: one JSON object per line).
 */
final class DeadLetterPrinter {

    /** Hex is shown beside base64 up to this many bytes; past it base64 alone (it is shorter) still has them all. */
    private static final int HEX_MAX_BYTES = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final boolean json;
    private final WriterSchemas schemas;

    /** {@code schemas}: the writer schemas of registry-framed Avro, null to show Avro bodies as bytes. */
    DeadLetterPrinter(PrintStream out, boolean json, WriterSchemas schemas) {
        this.out = out;
        this.json = json;
        this.schemas = schemas;
    }

    void print(ConsumerRecord<byte[], byte[]> record) {
        if (json) {
            try {
                out.println(JSON.writeValueAsString(asJson(record)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a JSON line", e);
            }
            return;
        }
        out.println(record.topic() + "  partition " + record.partition() + "  offset " + record.offset() + "  "
                + time(record));
        if (record.key() != null) {
            DecodedValue key = DecodedValue.of(record.key(), null, schemas);
            out.println("  key      (" + key.detected() + ")");
            body(key, "    ");
        }
        out.println("  headers" + (record.headers().toArray().length == 0 ? "  (none)" : ""));
        for (Header header : record.headers()) {
            HeaderText text = HeaderText.of(header.value());
            String shown = text.text() == null ? "(null)" : text.text().replace("\n", "\n      ");
            out.println("    " + header.key() + " = " + shown + (text.encoding().equals("hex") ? "  (hex)" : ""));
        }
        DecodedValue value = DecodedValue.of(record.value(), record.headers(), schemas);
        out.println("  value    (" + value.detected() + ")");
        body(value, "    ");
        out.println();
    }

    private void body(DecodedValue value, String indent) {
        if (value.json() != null) {
            out.println(indent + value.json());
        } else if (value.text() != null) {
            out.println(indent + value.text().replace("\n", "\n" + indent));
        } else if (value.bytes() != null) {
            if (value.bytes().length <= HEX_MAX_BYTES) {
                out.println(indent + "hex     " + HexFormat.of().formatHex(value.bytes()));
            }
            out.println(indent + "base64  " + Base64.getEncoder().encodeToString(value.bytes()));
        }
    }

    private static String time(ConsumerRecord<?, ?> record) {
        return record.timestamp() < 0 ? "no timestamp"
                : Instant.ofEpochMilli(record.timestamp()) + " (" + record.timestampType() + ")";
    }

    private ObjectNode asJson(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("topic", record.topic());
        node.put("partition", record.partition());
        node.put("offset", record.offset());
        node.put("timestamp", record.timestamp());
        node.put("timestampType", record.timestampType().toString());
        if (record.key() != null) {
            node.set("key", decoded(DecodedValue.of(record.key(), null, schemas)));
        }
        ArrayNode headers = node.putArray("headers");
        for (Header header : record.headers()) {
            HeaderText text = HeaderText.of(header.value());
            headers.addObject().put("name", header.key()).put("value", text.text()).put("encoding", text.encoding());
        }
        node.set("value", decoded(DecodedValue.of(record.value(), record.headers(), schemas)));
        return node;
    }

    private static ObjectNode decoded(DecodedValue value) {
        ObjectNode node = JSON.createObjectNode();
        node.put("detected", value.detected());
        if (value.json() != null) {
            node.set("json", value.json());
        } else if (value.text() != null) {
            node.put("text", value.text());
        } else if (value.bytes() != null) {
            node.put("base64", Base64.getEncoder().encodeToString(value.bytes()));
        }
        if (value.original() != null && value.json() == null && value.text() == null) {
            node.put("originalBase64", Base64.getEncoder().encodeToString(value.original()));
        }
        return node;
    }
}
