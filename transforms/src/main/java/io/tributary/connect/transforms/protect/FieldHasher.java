package io.tributary.connect.transforms.protect;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Stable pseudonyms: HMAC-SHA-256 of a value's text with a secret key, on the JDK's provider. MACs are costly to
 * create, so each thread keeps its own.
 */
final class FieldHasher {

    private final boolean hex;
    private final ThreadLocal<Mac> macs;

    FieldHasher(byte[] key, boolean hexHashes) {
        SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
        this.hex = hexHashes;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    /** The same input and key always give the same output. */
    String hash(String text) {
        byte[] digest = macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
        return hex ? HexFormat.of().formatHex(digest) : Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
}
