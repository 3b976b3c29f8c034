package io.tributary.connect.transforms.protect;

import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The AES keys of field encryption by key id, parsed from {@code encryption.keys}: comma-separated
 * {@code id:base64-key} entries (an entry without {@code id:} has the id {@value #DEFAULT_ID}; base64 has no ':', so
 * the two cannot be confused). Every key decrypts what was written under its id; one of them encrypts.
 *
 * <p>Errors name an entry by its id or position, never by its key text.
 */
final class EncryptionKeys {

    /** The id of a key given without one, such as the single key of the former {@code encryption.key}. */
    static final String DEFAULT_ID = "default";
    static final int MAX_ID_LENGTH = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID_LENGTH + "}");

    private final Map<String, SecretKeySpec> byId;

    private EncryptionKeys(Map<String, SecretKeySpec> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** Parses a config value; throws {@link IllegalArgumentException} with a message that holds no key material. */
    static EncryptionKeys parse(String value) {
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        String[] entries = value.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("entry " + (i + 1) + " is empty (entries are id:base64-key, comma-separated)");
            }
            int colon = entry.indexOf(':');
            String id = colon < 0 ? DEFAULT_ID : entry.substring(0, colon).trim();
            String key = colon < 0 ? entry : entry.substring(colon + 1).trim();
            if (!isValidId(id)) {
                throw new IllegalArgumentException("entry " + (i + 1) + " has an invalid key id (1 to " + MAX_ID_LENGTH
                        + " characters of A-Z, a-z, 0-9, '.', '_', '-')");
            }
            if (keys.put(id, aesKey(id, key)) != null) {
                throw new IllegalArgumentException("key id '" + id + "' appears twice"
                        + (id.equals(DEFAULT_ID) ? " (an entry without an id has the id '" + DEFAULT_ID + "')" : ""));
            }
        }
        return new EncryptionKeys(keys);
    }

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static SecretKeySpec aesKey(String id, String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key '" + id + "' is not base64");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("key '" + id + "' must be base64 of 16, 24 or 32 bytes (it is "
                    + key.length + " bytes)");
        }
        return new SecretKeySpec(key, "AES");
    }

    /** The key under {@code id}, or null. */
    SecretKeySpec get(String id) {
        return byId.get(id);
    }

    /** Every key, in the order configured. */
    Iterable<Map.Entry<String, SecretKeySpec>> all() {
        return byId.entrySet();
    }

    int size() {
        return byId.size();
    }

    /** The only id, when there is exactly one key. */
    String onlyId() {
        return byId.size() == 1 ? byId.keySet().iterator().next() : null;
    }

    /** The ids, for messages (ids are not secret). */
    String ids() {
        return String.join(", ", byId.keySet());
    }
}
