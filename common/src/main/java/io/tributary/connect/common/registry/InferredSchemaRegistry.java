package io.tributary.connect.common.registry;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.http.HttpClientConfig;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.util.Map;

/**
 * The two keys of the sources that infer a struct schema (the file and HTTP polling sources) saying where a task's
 * inferred schema starts from: {@value #URL_CONFIG} (by default the value converter's registry) and
 * {@value #SUBJECT_CONFIG} (by default {@code <topic>-value}, the registry converters' subject), defined and read
 * once here. {@link LatestRegisteredSchema} reads what they name.
 */
public final class InferredSchemaRegistry {

    public static final String URL_CONFIG = "output.schema.registry.url";
    public static final String SUBJECT_CONFIG = "output.schema.subject";
    /** Where the registry URL is taken from when {@value #URL_CONFIG} is empty: the connector's converter. */
    public static final String APICURIO_CONVERTER_URL = "value.converter.apicurio.registry.url";
    public static final String CONFLUENT_CONVERTER_URL = "value.converter.schema.registry.url";

    private InferredSchemaRegistry() {
    }

    /**
     * Adds both keys to the group being defined; {@code firstInput} names what a schema is inferred from again when
     * there is no registry ("file", "page").
     */
    public static ConfigDefBuilder define(ConfigDefBuilder b, String firstInput) {
        return b
                .key(URL_CONFIG).defaultValue("").validator(Validators.described("empty or an http(s) URL",
                        v -> v == null || v.toString().isBlank() ? null
                                : HttpClientConfig.urlProblem(v.toString().trim())))
                .importance(Importance.LOW).width(Width.LONG)
                .doc("Schema registry an inferred schema starts from when a task starts: the latest version "
                        + "registered for " + SUBJECT_CONFIG + ", so a restart goes on with the schema it had instead "
                        + "of inferring a narrower one (a new version). Apicurio Registry's API "
                        + "('.../apis/registry/v2') or the Confluent API (Confluent, Apicurio's "
                        + "'.../apis/ccompat/v7'). Empty: the connector's '" + APICURIO_CONVERTER_URL + "' or '"
                        + CONFLUENT_CONVERTER_URL + "' if set; with neither, the schema is inferred again from the "
                        + "first " + firstInput + " after a restart.")
                .display("Schema registry URL").add()
                .key(SUBJECT_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Subject (Apicurio: artifact id) of the topic's value schema in the registry. Empty: "
                        + "'<topic>-value', the default of the registry converters.")
                .display("Schema subject").add();
    }

    /**
     * The registry: {@code own} (the value of {@value #URL_CONFIG}) when set, else the connector's value converter
     * URL when it is one URL (a Confluent converter may list several: then none); null for none.
     */
    public static String url(String own, Map<String, ?> connectorProps) {
        String trimmed = own == null ? "" : own.trim();
        if (!trimmed.isEmpty()) {
            return trimmed;
        }
        Object converter = connectorProps.containsKey(APICURIO_CONVERTER_URL)
                ? connectorProps.get(APICURIO_CONVERTER_URL) : connectorProps.get(CONFLUENT_CONVERTER_URL);
        String url = converter == null ? "" : converter.toString().trim();
        return url.isEmpty() || HttpClientConfig.urlProblem(url) != null ? null : url;
    }

    /** The subject: {@code own} (the value of {@value #SUBJECT_CONFIG}) when set, else {@code <topic>-value}. */
    public static String subject(String own, String topic) {
        String trimmed = own == null ? "" : own.trim();
        return trimmed.isEmpty() ? topic + "-value" : trimmed;
    }
}
