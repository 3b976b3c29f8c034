package io.tributary.connect.common.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.http.HttpClientConfig;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Set;

import static io.tributary.connect.common.auth.ServerAuthConfig.JWT_ALGORITHMS_CONFIG;
import static io.tributary.connect.common.auth.ServerAuthConfig.JWT_JWKS_PATH_CONFIG;
import static io.tributary.connect.common.auth.ServerAuthConfig.JWT_JWKS_URL_CONFIG;
import static io.tributary.connect.common.auth.ServerAuthConfig.JWT_SECRET_CONFIG;

/**
 * The cross-key rules of {@code auth.type=jwt}: a key source is set, the secret is long enough for every HS
 * algorithm listed, each key source has an algorithm it can verify, the JWKS file parses and the URL is one.
 */
final class JwtValidation {

    private static final int MIN_SECRET_BYTES = 32;

    private JwtValidation() {
    }

    static void validate(CrossFieldValidation v) {
        String secret = ServerAuthConfig.secret(v.value(JWT_SECRET_CONFIG));
        String path = v.string(JWT_JWKS_PATH_CONFIG);
        String url = v.string(JWT_JWKS_URL_CONFIG);
        boolean jwks = !isBlank(path) || !isBlank(url);
        if (secret == null && !jwks) {
            v.error("auth.type 'jwt' needs a key: a secret in " + JWT_SECRET_CONFIG + ", a JWKS file in "
                    + JWT_JWKS_PATH_CONFIG + " or a JWKS URL in " + JWT_JWKS_URL_CONFIG, JWT_SECRET_CONFIG,
                    JWT_JWKS_PATH_CONFIG, JWT_JWKS_URL_CONFIG);
        }
        if (secret != null) {
            validateSecret(v, secret.getBytes(StandardCharsets.UTF_8).length);
        }
        if (jwks && v.valid(JWT_ALGORITHMS_CONFIG) && asymmetric(v).isEmpty()) {
            v.error("a JWKS holds RSA or EC keys, and " + JWT_ALGORITHMS_CONFIG + " lists no RS, PS, ES or EdDSA "
                    + "algorithm", JWT_ALGORITHMS_CONFIG);
        }
        if (!isBlank(path) && v.valid(JWT_JWKS_PATH_CONFIG)) {
            validateJwksFile(v, path);
        }
        if (!isBlank(url) && v.valid(JWT_JWKS_URL_CONFIG)) {
            String problem = HttpClientConfig.urlProblem(url.trim());
            if (problem != null) {
                v.error(problem, JWT_JWKS_URL_CONFIG);
            }
        }
    }

    /** At least 32 bytes, and as many bytes as the longest HS hash listed (RFC 7518 3.2). */
    private static void validateSecret(CrossFieldValidation v, int bytes) {
        if (bytes < MIN_SECRET_BYTES) {
            v.error(JWT_SECRET_CONFIG + " must be at least " + MIN_SECRET_BYTES + " bytes; it has " + bytes,
                    JWT_SECRET_CONFIG);
            return;
        }
        if (!v.valid(JWT_ALGORITHMS_CONFIG)) {
            return;
        }
        Set<JWSAlgorithm> algorithms = ServerAuthConfig.algorithms((List<?>) v.value(JWT_ALGORITHMS_CONFIG));
        boolean anyHmac = false;
        for (JWSAlgorithm algorithm : algorithms) {
            if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
                anyHmac = true;
                int needed = Integer.parseInt(algorithm.getName().substring(2)) / 8;
                if (bytes < needed) {
                    v.error(algorithm.getName() + " needs a secret of at least " + needed + " bytes; "
                            + JWT_SECRET_CONFIG + " has " + bytes, JWT_SECRET_CONFIG, JWT_ALGORITHMS_CONFIG);
                }
            }
        }
        if (!anyHmac) {
            v.error(JWT_SECRET_CONFIG + " verifies HS256, HS384 or HS512 tokens, and " + JWT_ALGORITHMS_CONFIG
                    + " lists none of them", JWT_SECRET_CONFIG, JWT_ALGORITHMS_CONFIG);
        }
    }

    private static Set<JWSAlgorithm> asymmetric(CrossFieldValidation v) {
        Set<JWSAlgorithm> algorithms = ServerAuthConfig.algorithms((List<?>) v.value(JWT_ALGORITHMS_CONFIG));
        algorithms.removeAll(JWSAlgorithm.Family.HMAC_SHA);
        return algorithms;
    }

    private static void validateJwksFile(CrossFieldValidation v, String path) {
        File file = new File(path);
        if (!file.canRead()) {
            v.error("the worker cannot read " + path, JWT_JWKS_PATH_CONFIG);
            return;
        }
        try {
            JWKSet keys = JWKSet.load(file);
            if (keys.getKeys().stream().allMatch(key -> key instanceof OctetSequenceKey)) {
                v.error(path + " holds no public key (RSA, EC or OKP)", JWT_JWKS_PATH_CONFIG);
            }
        } catch (IOException | ParseException e) {
            v.error(path + " is not a JWKS: " + e.getMessage(), JWT_JWKS_PATH_CONFIG);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
