package io.tributary.connect.source.websocket.client.config;

import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.HttpClientConfig;
import io.tributary.connect.source.push.schema.StructOutput;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.MessageFormat;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.OutputFormat;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.types.Password;

import java.util.List;
import java.util.Locale;

import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.BACKOFF_INITIAL_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.BACKOFF_MAX_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.BEARER_TOKEN_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.DLQ_TOPIC_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.HEADERS_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.KEY_POINTER_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.MESSAGE_FORMAT_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.OUTPUT_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.TIMESTAMP_POINTER_CONFIG;
import static io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.TOPIC_CONFIG;

/**
 * The rules between WebSocket client source keys, each reported on every key involved: text messages are not parsed,
 * so they have no map output and no pointers; the backoff bounds are in order; the bearer token and an
 * Authorization header do not both claim the header; dead letters do not go to the records' topic; the TLS stores
 * are readable (common's check).
 */
public final class WebSocketClientSourceValidation {

    private WebSocketClientSourceValidation() {
    }

    public static Config validate(Config config) {
        CrossFieldValidation v = new CrossFieldValidation(config);
        if (v.valid(MESSAGE_FORMAT_CONFIG)
                && Validators.parseEnum(MessageFormat.class, v.string(MESSAGE_FORMAT_CONFIG)) == MessageFormat.TEXT) {
            if (v.valid(OUTPUT_CONFIG)
                    && Validators.parseEnum(OutputFormat.class, v.string(OUTPUT_CONFIG)) != OutputFormat.STRING) {
                v.error("'text' messages are not parsed, so they cannot be maps or structs: use output 'string'",
                        MESSAGE_FORMAT_CONFIG, OUTPUT_CONFIG);
            }
            for (String pointer : List.of(KEY_POINTER_CONFIG, TIMESTAMP_POINTER_CONFIG)) {
                if (!blank(v.string(pointer))) {
                    v.error("'text' messages are not parsed, so " + pointer + " cannot point into them",
                            MESSAGE_FORMAT_CONFIG, pointer);
                }
            }
        }
        if (v.valid(BACKOFF_INITIAL_CONFIG, BACKOFF_MAX_CONFIG)
                && ((Number) v.value(BACKOFF_MAX_CONFIG)).longValue()
                < ((Number) v.value(BACKOFF_INITIAL_CONFIG)).longValue()) {
            v.error(BACKOFF_MAX_CONFIG + " must be at least " + BACKOFF_INITIAL_CONFIG, BACKOFF_INITIAL_CONFIG,
                    BACKOFF_MAX_CONFIG);
        }
        if (v.valid(HEADERS_CONFIG, BEARER_TOKEN_CONFIG) && hasToken(v.value(BEARER_TOKEN_CONFIG))
                && v.value(HEADERS_CONFIG) instanceof List<?> headers
                && headers.stream().anyMatch(h -> h.toString().toLowerCase(Locale.ROOT).startsWith("authorization:"))) {
            v.error("both " + BEARER_TOKEN_CONFIG + " and an Authorization header in " + HEADERS_CONFIG
                    + " are set: keep one", HEADERS_CONFIG, BEARER_TOKEN_CONFIG);
        }
        if (v.valid(TOPIC_CONFIG, DLQ_TOPIC_CONFIG) && v.string(TOPIC_CONFIG).equals(v.string(DLQ_TOPIC_CONFIG))) {
            v.error("dead letters need a topic of their own", DLQ_TOPIC_CONFIG);
        }
        if (v.valid(OUTPUT_CONFIG)) {
            StructOutput.validate(v, OUTPUT_CONFIG,
                    Validators.parseEnum(OutputFormat.class, v.string(OUTPUT_CONFIG)) == OutputFormat.STRUCT);
        }
        HttpClientConfig.validate(v);   // only the TLS stores apply: the other keys it checks are not defined here
        return config;
    }

    private static boolean hasToken(Object value) {
        return value instanceof Password password && !blank(password.value());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
