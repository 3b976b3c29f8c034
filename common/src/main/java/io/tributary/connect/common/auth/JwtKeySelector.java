package io.tributary.connect.common.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import javax.crypto.SecretKey;
import java.security.Key;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys that may have signed a token: the shared secret for HS algorithms; for the others, the keys of the JWKS
 * file and the JWKS URL whose type, {@code kid} and {@code alg} match the token's header. The secret is handed out
 * whatever the token's {@code kid}: a shared secret has no id, and nimbus' JWK matching would otherwise refuse a
 * token that carries one.
 */
final class JwtKeySelector implements JWSKeySelector<SecurityContext> {

    private final SecretKey secret;
    private final List<JWSVerificationKeySelector<SecurityContext>> keySets = new ArrayList<>();

    /**
     * @param secret     the HS secret, or null
     * @param algorithms the accepted algorithms
     * @param keySources JWKS sources (file, URL), possibly none
     */
    JwtKeySelector(SecretKey secret, Set<JWSAlgorithm> algorithms, List<JWKSource<SecurityContext>> keySources) {
        this.secret = secret;
        Set<JWSAlgorithm> asymmetric = new HashSet<>(algorithms);
        asymmetric.removeAll(JWSAlgorithm.Family.HMAC_SHA);
        if (!asymmetric.isEmpty()) {
            for (JWKSource<SecurityContext> source : keySources) {
                keySets.add(new JWSVerificationKeySelector<>(asymmetric, source));
            }
        }
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (JWSAlgorithm.Family.HMAC_SHA.contains(header.getAlgorithm())) {
            return secret == null ? List.of() : List.of(secret);
        }
        // An unreachable JWKS URL must not turn away tokens signed with a key of the JWKS file: its failure counts
        // only when no other source has a matching key.
        List<Key> keys = new ArrayList<>();
        KeySourceException unavailable = null;
        for (JWSVerificationKeySelector<SecurityContext> keySet : keySets) {
            try {
                keys.addAll(keySet.selectJWSKeys(header, context));
            } catch (KeySourceException e) {
                unavailable = e;
            }
        }
        if (keys.isEmpty() && unavailable != null) {
            throw unavailable;
        }
        return keys;
    }
}
