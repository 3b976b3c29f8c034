package io.tributary.connect.common.auth;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.common.auth.TestAuth.DEF;
import static io.tributary.connect.common.auth.TestAuth.errors;
import static io.tributary.connect.common.auth.TestAuth.props;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerAuthConfigTest {

    private static final String SECRET = "a-shared-secret-of-forty-bytes-0123456789";

    @TempDir
    Path dir;

    @Test
    void acceptsTheDefaults() {
        assertThat(errors()).isEmpty();
    }

    @Test
    void definesEveryKeyInTheAuthenticationGroupWithSecretsHidden() {
        assertThat(DEF.configKeys().values()).allSatisfy(key -> {
            assertThat(key.group).isEqualTo("Authentication");
            assertThat(key.name).matches("auth(\\.[a-z]+)+");
        });
        assertThat(DEF.configKeys().values().stream().filter(key -> key.type == Type.PASSWORD).map(key -> key.name))
                .containsExactlyInAnyOrder("auth.api.keys", "auth.jwt.secret", "auth.hmac.secret");
    }

    @Test
    void refusesAnUnknownType() {
        assertThat(errors("auth.type", "api-key,oauth2").get("auth.type")).singleElement().asString()
                .contains("'oauth2' is not one of none, api-key, jwt, hmac");
    }

    @Test
    void refusesNoneCombinedWithAnotherType() {
        assertThat(errors("auth.type", "none,api-key", "auth.api.keys", "k1"))
                .isEqualTo(Map.of("auth.type", List.of("'none' cannot be combined with other auth types")));
    }

    @Test
    void refusesJwtWithoutAnyKeySource() {
        Map<String, List<String>> errors = errors("auth.type", "jwt");

        String message = "auth.type 'jwt' needs a key: a secret in auth.jwt.secret, a JWKS file in "
                + "auth.jwt.jwks.path or a JWKS URL in auth.jwt.jwks.url";
        assertThat(errors).isEqualTo(Map.of("auth.jwt.secret", List.of(message), "auth.jwt.jwks.path",
                List.of(message), "auth.jwt.jwks.url", List.of(message)));
    }

    @Test
    void refusesAShortJwtSecretWithoutShowingIt() {
        Map<String, List<String>> errors = errors("auth.type", "jwt", "auth.jwt.secret", "short-secret");

        assertThat(errors).isEqualTo(Map.of("auth.jwt.secret",
                List.of("auth.jwt.secret must be at least 32 bytes; it has 12")));
    }

    @Test
    void refusesASecretShorterThanTheLongestHmacHashListed() {
        Map<String, List<String>> errors = errors("auth.type", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.algorithms", "HS256,HS512");

        String message = "HS512 needs a secret of at least 64 bytes; auth.jwt.secret has 41";
        assertThat(errors).isEqualTo(Map.of("auth.jwt.secret", List.of(message), "auth.jwt.algorithms",
                List.of(message)));
    }

    @Test
    void refusesASecretWhenNoHmacAlgorithmIsListed() {
        assertThat(errors("auth.type", "jwt", "auth.jwt.secret", SECRET, "auth.jwt.algorithms", "RS256"))
                .containsOnlyKeys("auth.jwt.secret", "auth.jwt.algorithms");
    }

    @Test
    void refusesAlgNoneInTheAlgorithms() {
        assertThat(errors("auth.type", "jwt", "auth.jwt.secret", SECRET, "auth.jwt.algorithms", "HS256,none")
                .get("auth.jwt.algorithms")).singleElement().asString()
                .contains("'none' means unsigned tokens, which are never accepted");
    }

    @Test
    void refusesAJwksFileThatIsNotThere() {
        String path = dir.resolve("missing.json").toString();

        assertThat(errors("auth.type", "jwt", "auth.jwt.jwks.path", path))
                .isEqualTo(Map.of("auth.jwt.jwks.path", List.of("the worker cannot read " + path)));
    }

    @Test
    void refusesAJwksFileThatIsNotAJwks() throws Exception {
        Path file = Files.writeString(dir.resolve("jwks.json"), "{\"issuer\":\"x\"}");

        assertThat(errors("auth.type", "jwt", "auth.jwt.jwks.path", file.toString())).containsOnlyKeys(
                "auth.jwt.jwks.path");
    }

    @Test
    void refusesAJwksUrlThatIsNotHttp() {
        assertThat(errors("auth.type", "jwt", "auth.jwt.jwks.url", "ftp://idp.example.com/jwks"))
                .isEqualTo(Map.of("auth.jwt.jwks.url", List.of("'ftp://idp.example.com/jwks' is not an http or "
                        + "https URL")));
    }

    @Test
    void refusesApiKeyWithoutKeys() {
        assertThat(errors("auth.type", "api-key", "auth.api.keys", " , ")).isEqualTo(Map.of("auth.api.keys",
                List.of("auth.type 'api-key' needs at least one key in auth.api.keys")));
    }

    @Test
    void refusesApiKeyWithNowhereToLookForIt() {
        assertThat(errors("auth.type", "api-key", "auth.api.keys", "k1", "auth.api.key.header", ""))
                .containsOnlyKeys("auth.api.key.header", "auth.api.key.query.param");
    }

    @Test
    void refusesHmacWithoutSecret() {
        assertThat(errors("auth.type", "hmac")).isEqualTo(Map.of("auth.hmac.secret",
                List.of("auth.type 'hmac' needs the secret in auth.hmac.secret")));
    }

    @Test
    void refusesAnHmacToleranceOverADay() {
        assertThat(errors("auth.type", "hmac", "auth.hmac.secret", "whsec-1", "auth.hmac.tolerance.ms", "86400001"))
                .containsOnlyKeys("auth.hmac.tolerance.ms");
    }

    @Test
    void acceptsEveryTypeTogetherWhenEachHasItsKeys() {
        assertThat(errors("auth.type", "api-key,jwt,hmac", "auth.api.keys", "k1,k2", "auth.jwt.secret", SECRET,
                "auth.hmac.secret", "whsec-1")).isEmpty();
    }

    @Test
    void buildRefusesWhatValidateRefuses() {
        AbstractConfig config = new AbstractConfig(DEF, props("auth.type", "jwt", "auth.jwt.secret", "short"));

        assertThatThrownBy(() -> ServerAuthConfig.build(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.jwt.secret").hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("short");
    }

    @Test
    void addsItsKeysToAConnectorsDefinition() {
        ConfigDef connector = new ConfigDef().define("topic", Type.STRING, ConfigDef.Importance.HIGH, "Topic.");
        ServerAuthConfig.define(new io.tributary.connect.common.config.ConfigDefBuilder(connector));

        assertThat(connector.names()).contains("topic", "auth.type", "auth.hmac.tolerance.ms");
    }
}
