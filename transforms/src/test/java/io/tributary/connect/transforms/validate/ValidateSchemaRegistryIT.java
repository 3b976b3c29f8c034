package io.tributary.connect.transforms.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.transforms.Records;
import io.tributary.testsupport.LocalServices;
import io.tributary.testsupport.RegistryFront;
import io.tributary.testsupport.TestCertificates;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.tributary.connect.transforms.Records.header;
import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ValidateSchema against the real schema registry (Apicurio, through its Confluent-compatible API and its own v2
 * API): a subject's latest version, JSON Schema and Avro schemas referencing other subjects, and — through an https
 * front that adds TLS and a bearer token to it — a trust store, a bearer token, OAuth2 client credentials and a
 * wrong token.
 */
class ValidateSchemaRegistryIT {

    private static final String PASSWORD = "changeit";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ADDRESS = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["city"],
             "properties": {"city": {"type": "string", "minLength": 1}, "zip": {"type": "string"}}}""";
    private static final String ORDER = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "required": ["order_id", "ship_to"],
             "properties": {"order_id": {"type": "string"}, "ship_to": {"$ref": "address.json"}}}""";

    @TempDir
    static Path certificates;
    private static URI registry;
    private static String ccompat;
    private static int orderId;

    @BeforeAll
    static void registerSchemas() throws Exception {
        registry = LocalServices.registry();
        ccompat = registry.resolve("/apis/ccompat/v7").toString();
        register("address-" + RUN, "JSON", ADDRESS, null);
        ArrayNode refs = JsonData.MAPPER.createArrayNode();
        refs.addObject().put("name", "address.json").put("subject", "address-" + RUN).put("version", 1);
        orderId = register("order-" + RUN, "JSON", ORDER, refs);
        register("address-avro-" + RUN, "AVRO", """
                {"type": "record", "name": "Address", "namespace": "io.tributary.test",
                 "fields": [{"name": "city", "type": "string"}]}""", null);
        ArrayNode avroRefs = JsonData.MAPPER.createArrayNode();
        avroRefs.addObject().put("name", "io.tributary.test.Address").put("subject", "address-avro-" + RUN).put("version", 1);
        register("order-avro-" + RUN, "AVRO", """
                {"type": "record", "name": "Order", "namespace": "io.tributary.test",
                 "fields": [{"name": "order_id", "type": "string"}, {"name": "ship_to", "type": "io.tributary.test.Address"}]}""",
                avroRefs);
        TestCertificates.create(certificates, PASSWORD, "registry", "validator");
    }

    /** Registers through the Confluent-compatible API; the id it answers. */
    private static int register(String subject, String type, String schema, ArrayNode references) throws Exception {
        ObjectNode body = JsonData.MAPPER.createObjectNode().put("schema", schema).put("schemaType", type);
        if (references != null) {
            body.set("references", references);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(ccompat + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("registering %s: %s", subject, response.body()).isEqualTo(200);
        return JsonData.MAPPER.readTree(response.body()).path("id").asInt();
    }

    private static ValidateSchema<SourceRecord> validate(Object... config) {
        ValidateSchema<SourceRecord> transform = new ValidateSchema.Value<>();
        Map<String, Object> props = map(config);
        props.putIfAbsent("schema.registry.url", ccompat);
        transform.configure(props);
        return transform;
    }

    private static SourceRecord order(Object shipTo) {
        return Records.value(map("order_id", "o-1", "ship_to", shipTo));
    }

    @Test
    void fetchesTheLatestVersionOfASubject() {
        ValidateSchema<SourceRecord> transform = validate("schema.registry.subject", "address-" + RUN);
        SourceRecord valid = Records.value(map("city", "Leeds"));
        assertThat(transform.apply(valid)).isSameAs(valid);
        SourceRecord invalid = transform.apply(Records.value(map("zip", "LS1")));
        assertThat(invalid.topic()).isEqualTo("events-dlq");
        assertThat(header(invalid, ValidateSchema.HEADER_SCHEMA)).isEqualTo("address-" + RUN);
        assertThat(header(invalid, ValidateSchema.HEADER_VERSION)).isEqualTo("1");
        assertThat(header(invalid, ValidateSchema.HEADER_VIOLATIONS)).contains("city");
    }

    @Test
    void aJsonSchemaRefToAnotherSubjectIsResolvedThroughTheRegistry() throws Exception {
        ValidateSchema<SourceRecord> transform = validate("schema.registry.subject", "order-" + RUN);
        SourceRecord valid = order(map("city", "Leeds"));
        assertThat(transform.apply(valid)).isSameAs(valid);
        // The referenced schema's rules apply: a ship_to without a city, or an empty one, is invalid.
        for (Object badAddress : new Object[]{map("zip", "LS1"), map("city", "")}) {
            SourceRecord invalid = transform.apply(order(badAddress));
            assertThat(invalid.topic()).isEqualTo("events-dlq");
            JsonNode violations = JsonData.MAPPER.readTree(header(invalid, ValidateSchema.HEADER_VIOLATIONS));
            assertThat(violations.toString()).contains("ship_to");
        }
    }

    @Test
    void anAvroNamedTypeFromAnotherSubjectIsResolvedThroughTheRegistry() {
        ValidateSchema<SourceRecord> transform = validate("schema.registry.subject", "order-avro-" + RUN);
        Schema address = SchemaBuilder.struct().name("io.tributary.test.Address").field("city", Schema.STRING_SCHEMA).build();
        Schema order = SchemaBuilder.struct().name("io.tributary.test.Order").field("order_id", Schema.STRING_SCHEMA)
                .field("ship_to", address).build();
        SourceRecord valid = Records.value(order, new Struct(order).put("order_id", "o-1")
                .put("ship_to", new Struct(address).put("city", "Leeds")));
        assertThat(transform.apply(valid)).isSameAs(valid);
        assertThat(transform.apply(Records.value(map("order_id", "o-2", "ship_to", map("town", "Leeds")))).topic())
                .isEqualTo("events-dlq");
    }

    @Test
    void apicuriosOwnApiGivesTheSameVersionsIdsAndReferences() {
        String v2 = registry.resolve("/apis/registry/v2").toString();
        ValidateSchema<SourceRecord> json = validate("schema.registry.url", v2, "schema.registry.subject", "order-" + RUN);
        SourceRecord valid = order(map("city", "Leeds"));
        assertThat(json.apply(valid)).isSameAs(valid);
        SourceRecord invalid = json.apply(order(map("city", "")));
        assertThat(invalid.topic()).isEqualTo("events-dlq");
        assertThat(header(invalid, ValidateSchema.HEADER_VERSION)).isEqualTo("1");
        assertThat(header(invalid, ValidateSchema.HEADER_ID)).isEqualTo(String.valueOf(orderId));
        assertThat(header(invalid, ValidateSchema.HEADER_VIOLATIONS)).contains("ship_to");

        ValidateSchema<SourceRecord> avro = validate("schema.registry.url", v2 + "/", "schema.registry.subject",
                "order-avro-" + RUN, "schema.registry.versions", "1");
        SourceRecord validAvro = Records.value(map("order_id", "o-1", "ship_to", map("city", "Leeds")));
        assertThat(avro.apply(validAvro)).isSameAs(validAvro);
        assertThat(avro.apply(Records.value(map("order_id", "o-2", "ship_to", map("town", "Leeds")))).topic())
                .isEqualTo("events-dlq");
    }

    @Test
    void aMissingSubjectIsNamedWithTheRegistrysAnswerOnBothApis() {
        for (String url : new String[]{ccompat, registry.resolve("/apis/registry/v2").toString()}) {
            ValidateSchema<SourceRecord> transform = validate("schema.registry.url", url,
                    "schema.registry.subject", "missing-" + RUN);
            assertThatThrownBy(() -> transform.apply(order(map("city", "Leeds"))))
                    .as(url).isInstanceOf(RetriableException.class)
                    .hasMessageContaining("the registry has no version latest of subject missing-" + RUN + " (HTTP 404)")
                    .hasMessageContaining(url);
        }
    }

    @Test
    void aBearerTokenOverTlsWithATrustStore() throws Exception {
        try (RegistryFront front = new RegistryFront(registry, certificates.resolve("registry.p12"), PASSWORD)) {
            ValidateSchema<SourceRecord> transform = validate("schema.registry.url", front.url(),
                    "schema.registry.subject", "order-" + RUN, "schema.registry.bearer.auth.token", RegistryFront.TOKEN,
                    "schema.registry.ssl.truststore.location", certificates.resolve("registry-trust.p12").toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD);
            SourceRecord valid = order(map("city", "Leeds"));
            assertThat(transform.apply(valid)).isSameAs(valid);
            assertThat(transform.apply(order(map("zip", "LS1"))).topic()).isEqualTo("events-dlq");
            assertThat(front.refused.get()).isZero();
        }
    }

    @Test
    void withoutTheTrustStoreTheRegistrysCertificateIsRefused() throws Exception {
        try (RegistryFront front = new RegistryFront(registry, certificates.resolve("registry.p12"), PASSWORD)) {
            ValidateSchema<SourceRecord> transform = validate("schema.registry.url", front.url(),
                    "schema.registry.subject", "order-" + RUN, "schema.registry.bearer.auth.token", RegistryFront.TOKEN);
            assertThatThrownBy(() -> transform.apply(order(map("city", "Leeds"))))
                    .isInstanceOf(RetriableException.class).hasMessageContaining("order-" + RUN)
                    .hasStackTraceContaining("PKIX path building failed")
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(SSLException.class));
        }
    }

    @Test
    void mutualTlsWithAKeyStore() throws Exception {
        try (RegistryFront front = new RegistryFront(registry, certificates.resolve("registry.p12"),
                certificates.resolve("validator-trust.p12"), PASSWORD)) {
            Object[] common = {"schema.registry.url", front.url(), "schema.registry.subject", "order-" + RUN,
                    "schema.registry.bearer.auth.token", RegistryFront.TOKEN,
                    "schema.registry.ssl.truststore.location", certificates.resolve("registry-trust.p12").toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD};
            ValidateSchema<SourceRecord> withKey = validate(concat(common, "schema.registry.ssl.keystore.location",
                    certificates.resolve("validator.p12").toString(), "schema.registry.ssl.keystore.password", PASSWORD));
            SourceRecord valid = order(map("city", "Leeds"));
            assertThat(withKey.apply(valid)).isSameAs(valid);
            ValidateSchema<SourceRecord> withoutKey = validate(common);
            assertThatThrownBy(() -> withoutKey.apply(order(map("city", "Leeds"))))
                    .isInstanceOf(RetriableException.class).hasMessageContaining("order-" + RUN)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOf(java.io.IOException.class));
        }
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void aWrongTokenIsAClearError() throws Exception {
        try (RegistryFront front = new RegistryFront(registry, certificates.resolve("registry.p12"), PASSWORD)) {
            ValidateSchema<SourceRecord> transform = validate("schema.registry.url", front.url(),
                    "schema.registry.subject", "order-" + RUN, "schema.registry.bearer.auth.token", "not-the-token",
                    "schema.registry.ssl.truststore.location", certificates.resolve("registry-trust.p12").toString(),
                    "schema.registry.ssl.truststore.password", PASSWORD);
            assertThatThrownBy(() -> transform.apply(order(map("city", "Leeds"))))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("order-" + RUN)
                    .hasMessageContaining("refused the credentials (HTTP 401)")
                    .hasMessageContaining("Bearer[[hidden]]")
                    .hasMessageNotContaining("not-the-token");
            assertThat(front.refused.get()).isEqualTo(1);
        }
    }

    @Test
    void oauth2ClientCredentialsFetchOneTokenForEveryRequest() throws Exception {
        try (RegistryFront front = new RegistryFront(registry, certificates.resolve("registry.p12"), PASSWORD)) {
            Object[] tls = {"schema.registry.ssl.truststore.location",
                    certificates.resolve("registry-trust.p12").toString(), "schema.registry.ssl.truststore.password", PASSWORD};
            ValidateSchema<SourceRecord> transform = validate("schema.registry.url", front.url(),
                    "schema.registry.subject", "order-" + RUN, "schema.registry.cache.ttl.ms", "0",
                    "schema.registry.oauth2.token.url", front.url() + "/token",
                    "schema.registry.oauth2.client.id", RegistryFront.CLIENT_ID,
                    "schema.registry.oauth2.client.secret", RegistryFront.CLIENT_SECRET, tls[0], tls[1], tls[2], tls[3]);
            for (int i = 0; i < 3; i++) {
                SourceRecord valid = order(map("city", "Leeds"));
                assertThat(transform.apply(valid)).isSameAs(valid);
            }
            assertThat(front.tokensIssued.get()).isEqualTo(1);
            assertThat(front.refused.get()).isZero();

            ValidateSchema<SourceRecord> wrongSecret = validate("schema.registry.url", front.url(),
                    "schema.registry.subject", "order-" + RUN,
                    "schema.registry.oauth2.token.url", front.url() + "/token",
                    "schema.registry.oauth2.client.id", RegistryFront.CLIENT_ID,
                    "schema.registry.oauth2.client.secret", "wrong", tls[0], tls[1], tls[2], tls[3]);
            assertThatThrownBy(() -> wrongSecret.apply(order(map("city", "Leeds"))))
                    .isInstanceOf(RetriableException.class)
                    .hasMessageContaining("token endpoint").hasMessageContaining("answered 401")
                    .hasMessageNotContaining("wrong");
        }
    }
}
