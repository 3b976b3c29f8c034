package io.tributary.connect.transforms.protect;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.encoders.Base64;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The ciphertext layout of docs/transforms/protect-fields.md written again on BouncyCastle's lightweight AES-GCM
 * (and its base64), sharing no code with the transform: what a consumer in another language would write from the
 * page alone. Offsets are spelled out here on purpose rather than taken from {@link FieldCipher}'s constants.
 */
final class BouncyCastleLayout {

    private BouncyCastleLayout() {
    }

    record Opened(int format, char type, String keyId, String plaintext) {
    }

    /** Decrypts format 1 or 2 with the key of the id it names (format 1: the key given under any id, tried in turn). */
    static Opened open(Map<String, byte[]> keys, String base64) throws InvalidCipherTextException {
        byte[] raw = Base64.decode(base64);
        if (raw[0] == 2) {
            int n = raw[2] & 0xff;
            String keyId = new String(raw, 3, n, StandardCharsets.US_ASCII);
            byte[] aad = Arrays.copyOfRange(raw, 0, 3 + n);
            byte[] iv = Arrays.copyOfRange(raw, 3 + n, 3 + n + 12);
            byte[] sealed = Arrays.copyOfRange(raw, 3 + n + 12, raw.length);
            return new Opened(2, (char) raw[1], keyId, utf8(gcm(false, keys.get(keyId), iv, aad, sealed)));
        }
        if (raw[0] == 1) {
            byte[] iv = Arrays.copyOfRange(raw, 2, 14);
            byte[] sealed = Arrays.copyOfRange(raw, 14, raw.length);
            InvalidCipherTextException last = null;
            for (Map.Entry<String, byte[]> key : keys.entrySet()) {
                try {
                    return new Opened(1, (char) raw[1], null, utf8(gcm(false, key.getValue(), iv, new byte[0], sealed)));
                } catch (InvalidCipherTextException e) {
                    last = e;
                }
            }
            throw last;
        }
        throw new IllegalArgumentException("format " + raw[0]);
    }

    /** Format 2 ciphertext of {@code plaintext} under {@code keyId}, with the given IV. */
    static String seal(byte[] key, String keyId, char type, String plaintext, byte[] iv) throws InvalidCipherTextException {
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        byte[] header = new byte[3 + id.length];
        header[0] = 2;
        header[1] = (byte) type;
        header[2] = (byte) id.length;
        System.arraycopy(id, 0, header, 3, id.length);
        byte[] sealed = gcm(true, key, iv, header, plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[header.length + iv.length + sealed.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(iv, 0, out, header.length, iv.length);
        System.arraycopy(sealed, 0, out, header.length + iv.length, sealed.length);
        return Base64.toBase64String(out);
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] iv, byte[] aad, byte[] input)
            throws InvalidCipherTextException {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, iv, aad));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int length = cipher.processBytes(input, 0, input.length, out, 0);
        length += cipher.doFinal(out, length);
        return Arrays.copyOf(out, length);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
