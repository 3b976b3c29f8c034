package io.tributary.connect.transforms.protect;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * AES-GCM field encryption on the JDK's provider, in the layout docs/transforms/protect-fields.md documents for
 * other languages. Ciphers are costly to create, so each thread keeps its own.
 *
 * <p>Format 2 (written): base64 of {@code [2][type][n][key id: n ASCII bytes][12-byte IV][ciphertext][16-byte tag]};
 * the header {@code [2][type][n][key id]} is the GCM associated data, so altering any of its bytes fails
 * authentication, and the key id picks the decrypting key, so keys rotate without a flag day.
 *
 * <p>Format 1 (still read, never written): {@code [1][type][12-byte IV][ciphertext][16-byte tag]} with no
 * associated data and no key id; each configured key is tried in turn (a wrong key fails GCM's tag check, so
 * trying is safe). Its type byte is not authenticated: that is why format 2 exists.
 *
 * <p>The type says what the plaintext is: a string ('s') or the JSON text of another value ('j').
 */
final class FieldCipher {

    static final byte FORMAT_1 = 1;
    static final byte FORMAT_2 = 2;
    static final byte STRING = 's';
    static final byte JSON = 'j';
    static final int IV_BYTES = 12;
    static final int TAG_BYTES = 16;

    private final EncryptionKeys keys;
    private final String encryptingId;
    private final byte[] encryptingIdBytes;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    });

    /** {@code encryptingId} may be null when this cipher only decrypts. */
    FieldCipher(EncryptionKeys keys, String encryptingId) {
        if (encryptingId != null && keys.get(encryptingId) == null) {
            throw new IllegalArgumentException("key id '" + encryptingId + "' is not among " + keys.ids());
        }
        this.keys = keys;
        this.encryptingId = encryptingId;
        this.encryptingIdBytes = encryptingId == null ? null : encryptingId.getBytes(StandardCharsets.US_ASCII);
    }

    /** Format 2 ciphertext of {@code plaintext} under the encrypting key id, base64. */
    String encrypt(byte type, byte[] plaintext) {
        if (encryptingId == null) {
            throw new IllegalStateException("this cipher has no encrypting key id");
        }
        int headerLength = 3 + encryptingIdBytes.length;
        ByteBuffer out = ByteBuffer.allocate(headerLength + IV_BYTES + plaintext.length + TAG_BYTES);
        out.put(FORMAT_2).put(type).put((byte) encryptingIdBytes.length).put(encryptingIdBytes);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        out.put(iv);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(encryptingId), new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(out.array(), 0, headerLength);
            cipher.doFinal(plaintext, 0, plaintext.length, out.array(), headerLength + IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return Base64.getEncoder().encodeToString(out.array());
    }

    /**
     * The type byte and plaintext of format 1 or 2 ciphertext. Throws {@link IllegalArgumentException} saying why
     * it cannot be decrypted, without the value: not base64, not this transform's format, a key id that is not
     * configured, or failed authentication (altered ciphertext or header, or the wrong key).
     */
    Decrypted decrypt(String ciphertext) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(ciphertext.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not base64 ciphertext");
        }
        if (raw.length == 0) {
            throw new IllegalArgumentException("is empty, not ciphertext of this transform");
        }
        return switch (raw[0]) {
            case FORMAT_2 -> decryptFormat2(raw);
            case FORMAT_1 -> decryptFormat1(raw);
            default -> throw new IllegalArgumentException("is not ciphertext of this transform (its first byte, the "
                    + "format version, is " + (raw[0] & 0xff) + "; this version reads 1 and 2)");
        };
    }

    private Decrypted decryptFormat2(byte[] raw) {
        int idLength = raw.length > 2 ? raw[2] & 0xff : 0;
        int headerLength = 3 + idLength;
        if (idLength < 1 || idLength > EncryptionKeys.MAX_ID_LENGTH || raw.length < headerLength + IV_BYTES + TAG_BYTES) {
            throw new IllegalArgumentException("is not ciphertext of this transform (format 2 header is malformed "
                    + "or the value is truncated)");
        }
        String id = new String(raw, 3, idLength, StandardCharsets.ISO_8859_1);
        if (!EncryptionKeys.isValidId(id)) {
            throw new IllegalArgumentException("is not ciphertext of this transform (format 2 header holds an "
                    + "invalid key id)");
        }
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new IllegalArgumentException("was encrypted under key id '" + id + "', which encryption.keys does "
                    + "not hold (it holds " + keys.ids() + ")");
        }
        try {
            byte[] plain = open(key, raw, headerLength, headerLength);
            return new Decrypted(checkedType(raw[1]), plain, FORMAT_2, id);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("failed authentication under key id '" + id + "': the ciphertext or its "
                    + "header was altered, or the key under this id is not the one that encrypted it (wrong key)");
        }
    }

    private Decrypted decryptFormat1(byte[] raw) {
        if (raw.length < 2 + IV_BYTES + TAG_BYTES) {
            throw new IllegalArgumentException("is not ciphertext of this transform (format 1, truncated)");
        }
        byte type = checkedType(raw[1]);
        for (Map.Entry<String, SecretKeySpec> key : keys.all()) {
            try {
                return new Decrypted(type, open(key.getValue(), raw, 2, 0), FORMAT_1, key.getKey());
            } catch (AEADBadTagException wrongKeyOrAltered) {
                // the next key, if any
            }
        }
        throw new IllegalArgumentException("(format 1, which has no key id) failed authentication under every key in "
                + "encryption.keys (" + keys.ids() + "): wrong key or altered ciphertext");
    }

    /** Decrypts {@code raw} whose IV starts at {@code ivOffset}, with {@code raw[0, aadLength)} as associated data. */
    private byte[] open(SecretKeySpec key, byte[] raw, int ivOffset, int aadLength) throws AEADBadTagException {
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, raw, ivOffset, IV_BYTES));
            if (aadLength > 0) {
                cipher.updateAAD(raw, 0, aadLength);
            }
            int sealed = ivOffset + IV_BYTES;
            return cipher.doFinal(raw, sealed, raw.length - sealed);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private static byte checkedType(byte type) {
        if (type != STRING && type != JSON) {
            throw new IllegalArgumentException("is not ciphertext of this transform (unknown value type byte "
                    + (type & 0xff) + ")");
        }
        return type;
    }

    /** What a ciphertext held, and the format and key id it was read with. */
    record Decrypted(byte type, byte[] plaintext, byte format, String keyId) {
    }
}
