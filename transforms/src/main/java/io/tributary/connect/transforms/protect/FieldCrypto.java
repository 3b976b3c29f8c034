package io.tributary.connect.transforms.protect;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The cryptography of field protection, on the JDK's own providers: HMAC-SHA-256 pseudonyms and AES-GCM
 * encryption. Ciphers and MACs are costly to create, so each thread keeps its own.
 *
 * <p>Ciphertext: base64 of {@code [version 1][type][12-byte IV][ciphertext + 16-byte tag]}, where type says whether
 * the plaintext was a string ('s') or JSON text of another value ('j'), so decryption gives back what was encrypted.
 */
final class FieldCrypto {

    static final byte VERSION = 1;
    static final byte STRING = 's';
    static final byte JSON = 'j';
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec hmacKey;
    private final SecretKeySpec aesKey;
    private final boolean hex;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    });

    FieldCrypto(byte[] hmacKey, byte[] aesKey, boolean hexHashes) {
        this.hmacKey = hmacKey == null ? null : new SecretKeySpec(hmacKey, "HmacSHA256");
        this.aesKey = aesKey == null ? null : new SecretKeySpec(aesKey, "AES");
        this.hex = hexHashes;
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(this.hmacKey);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    /** A stable pseudonym: the same input and key always give the same output. */
    String hash(String text) {
        Mac mac = macs.get();
        byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        return hex ? HexFormat.of().formatHex(digest) : Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    String encrypt(byte type, byte[] plaintext) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext);
            ByteBuffer out = ByteBuffer.allocate(2 + IV_BYTES + sealed.length);
            out.put(VERSION).put(type).put(iv).put(sealed);
            return Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The type byte and the plaintext; throws {@link IllegalArgumentException} when it is not our ciphertext or the key is wrong. */
    Decrypted decrypt(String ciphertext) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not base64 ciphertext");
        }
        if (raw.length < 2 + IV_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
            throw new IllegalArgumentException("is not ciphertext of this transform (unknown format)");
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, raw, 2, IV_BYTES));
            byte[] plain = cipher.doFinal(raw, 2 + IV_BYTES, raw.length - 2 - IV_BYTES);
            return new Decrypted(raw[1], plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot be decrypted with this key (wrong key or altered ciphertext)");
        }
    }

    record Decrypted(byte type, byte[] plaintext) {
    }
}
