package io.tributary.connect.transforms.protect;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.KeyAliases;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.PathEditor;
import io.tributary.connect.transforms.base.FieldPaths;
import io.tributary.connect.transforms.base.RecordSide;
import io.tributary.connect.transforms.base.TributaryTransform;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Protects personal data field by field: mask (keep the last N characters), hash (HMAC-SHA-256 with a secret key:
 * stable pseudonyms that still join), encrypt, decrypt and re-encrypt (AES-GCM under key ids, so keys rotate;
 * decryption is the inverse transform, for sinks that need clear text; {@link FieldCipher} has the format), or
 * drop. Fields are paths, nested and through arrays ({@code items[*].card}). Masked, hashed and encrypted fields
 * become strings (nulls stay null).
 *
 * <p>Keys are PASSWORD configs, which Connect masks only in validation results: GET /connectors/{name}/config
 * returns them as submitted, so config providers ({@code ${file:...}}, {@code ${env:...}},
 * {@code ${directory:...}}) are what keeps them out of the connector config.
 */
public abstract class ProtectFields<R extends ConnectRecord<R>> extends TributaryTransform<R> {

    public static final String MASK_FIELDS_CONFIG = "mask.fields";
    public static final String MASK_KEEP_CONFIG = "mask.keep.last";
    public static final String MASK_CHAR_CONFIG = "mask.character";
    public static final String HASH_FIELDS_CONFIG = "hash.fields";
    public static final String HASH_KEY_CONFIG = "hash.key";
    public static final String HASH_ENCODING_CONFIG = "hash.encoding";
    public static final String ENCRYPT_FIELDS_CONFIG = "encrypt.fields";
    public static final String DECRYPT_FIELDS_CONFIG = "decrypt.fields";
    public static final String REENCRYPT_FIELDS_CONFIG = "reencrypt.fields";
    public static final String ENCRYPTION_KEYS_CONFIG = "encryption.keys";
    public static final String ENCRYPTION_KEY_ID_CONFIG = "encryption.key.id";
    /** The single AES key before key ids (issue 14): a key without an id is one encryption.keys entry. */
    public static final String ENCRYPTION_KEY_DEPRECATED = "encryption.key";
    public static final String DROP_FIELDS_CONFIG = "drop.fields";

    public static final KeyAliases ALIASES = KeyAliases.deprecated(ENCRYPTION_KEY_DEPRECATED, ENCRYPTION_KEYS_CONFIG);

    public static final ConfigDef CONFIG_DEF = new ConfigDefBuilder(new ConfigDef())
            .group("Mask")
            .key(MASK_FIELDS_CONFIG).type(Type.LIST).defaultValue("").validator(FieldPaths.pathList())
            .importance(Importance.HIGH).doc("Fields to mask: every character but the last mask.keep.last is "
                    + "replaced (a value no longer than that is masked whole).").display("Fields to mask").add()
            .key(MASK_KEEP_CONFIG).type(Type.INT).defaultValue(4).validator(Validators.between(0, 1_000))
            .importance(Importance.MEDIUM).doc("How many trailing characters masking keeps.").display("Characters kept").add()
            .key(MASK_CHAR_CONFIG).defaultValue("*").validator(Validators.singleCharacter()).importance(Importance.LOW)
            .doc("The masking character.").display("Mask character").add()
            .group("Hash")
            .key(HASH_FIELDS_CONFIG).type(Type.LIST).defaultValue("").validator(FieldPaths.pathList())
            .importance(Importance.HIGH).doc("Fields replaced by HMAC-SHA-256 of their text with hash.key: the same "
                    + "value always gives the same pseudonym.").display("Fields to hash").add()
            .key(HASH_KEY_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.HIGH)
            .doc("Secret key of the HMAC (any text; 32 random bytes or more recommended). Required with hash.fields. "
                    + "Set it through a config provider: GET /connectors/{name}/config returns inline values as submitted.")
            .display("Hash key").add()
            .key(HASH_ENCODING_CONFIG).defaultValue("hex").validator(Validators.oneOf("hex", "base64url"))
            .importance(Importance.LOW).doc("How hashes are written: hex (64 characters) or base64url (43).")
            .display("Hash encoding").add()
            .group("Encrypt")
            .key(ENCRYPT_FIELDS_CONFIG).type(Type.LIST).defaultValue("").validator(FieldPaths.pathList())
            .importance(Importance.HIGH).doc("Fields encrypted with AES-GCM under the key encryption.key.id names (a "
                    + "random IV per value; the header with the key id is authenticated), written as base64.")
            .display("Fields to encrypt").add()
            .key(DECRYPT_FIELDS_CONFIG).type(Type.LIST).defaultValue("").validator(FieldPaths.pathList())
            .importance(Importance.HIGH).doc("Fields encrypted by this transform to decrypt back, with the key of the "
                    + "id they were encrypted under (values of format 1, which have no id, with whichever key fits): "
                    + "strings to strings; other values to their original value (schemaless) or their JSON text "
                    + "(Structs).").display("Fields to decrypt").add()
            .key(REENCRYPT_FIELDS_CONFIG).type(Type.LIST).defaultValue("").validator(FieldPaths.pathList())
            .importance(Importance.MEDIUM).doc("Fields holding this transform's ciphertext, under any key in "
                    + "encryption.keys, encrypted again under encryption.key.id without the clear text leaving the "
                    + "transform: how data written under an old key moves to a new one before the old key is retired.")
            .display("Fields to re-encrypt").add()
            .key(ENCRYPTION_KEYS_CONFIG).type(Type.PASSWORD).defaultValue(null).validator(encryptionKeys())
            .importance(Importance.HIGH).doc("AES keys by id: comma-separated id:key entries, each key base64 of 16, "
                    + "24 or 32 bytes, each id 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-' (an entry without "
                    + "'id:' has the id 'default'). Every key decrypts what was encrypted under its id. Required with "
                    + "encrypt.fields, decrypt.fields or reencrypt.fields. Set it through a config provider "
                    + "(${file:...}, ${env:...}, ${directory:...}): GET /connectors/{name}/config returns inline "
                    + "values as submitted.").display("Encryption keys").aliases(ALIASES).add()
            .key(ENCRYPTION_KEY_ID_CONFIG).defaultValue(null).validator(keyId()).importance(Importance.HIGH)
            .doc("The id in encryption.keys whose key encrypts (encrypt.fields, reencrypt.fields). May be left out "
                    + "when encryption.keys holds a single key.").display("Encrypting key id").add()
            .group("Drop")
            .key(DROP_FIELDS_CONFIG).type(Type.LIST).defaultValue("").validator(FieldPaths.pathList())
            .importance(Importance.HIGH).doc("Fields removed from the record (and its schema).").display("Fields to drop").add()
            .build();

    private enum Action { DROP, MASK, HASH, ENCRYPT, DECRYPT, REENCRYPT }

    private record Protection(FieldPath path, Action action) {
    }

    private final PathEditor editor = new PathEditor(128);
    private final List<Protection> protections = new ArrayList<>();
    private FieldHasher hasher;
    private FieldCipher cipher;
    private int keepLast;
    private char maskChar;

    protected ProtectFields(RecordSide side) {
        super(side);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void configure(Map<String, ?> props) {
        AbstractConfig config = new AbstractConfig(CONFIG_DEF, renameAliases(props));
        protections.clear();
        Set<String> seen = new HashSet<>();
        add(config, DROP_FIELDS_CONFIG, Action.DROP, seen);
        add(config, MASK_FIELDS_CONFIG, Action.MASK, seen);
        add(config, HASH_FIELDS_CONFIG, Action.HASH, seen);
        add(config, ENCRYPT_FIELDS_CONFIG, Action.ENCRYPT, seen);
        add(config, DECRYPT_FIELDS_CONFIG, Action.DECRYPT, seen);
        add(config, REENCRYPT_FIELDS_CONFIG, Action.REENCRYPT, seen);
        Password hashKey = config.getPassword(HASH_KEY_CONFIG);
        if (!config.getList(HASH_FIELDS_CONFIG).isEmpty() && (hashKey == null || hashKey.value().isEmpty())) {
            throw new ConfigException(HASH_KEY_CONFIG, "[hidden]", "is required when hash.fields is set");
        }
        hasher = hashKey == null ? null : new FieldHasher(hashKey.value().getBytes(StandardCharsets.UTF_8),
                "hex".equalsIgnoreCase(config.getString(HASH_ENCODING_CONFIG)));
        cipher = cipher(config);
        keepLast = config.getInt(MASK_KEEP_CONFIG);
        maskChar = Validators.character(config.getString(MASK_CHAR_CONFIG));
    }

    /**
     * The props with encryption.key read as encryption.keys. Checked here first when both are set: KeyAliases'
     * own conflict message quotes both values, and these are keys.
     */
    private static Map<String, String> renameAliases(Map<String, ?> props) {
        Map<String, String> strings = new HashMap<>();
        props.forEach((key, value) -> strings.put(key, value instanceof Password p ? p.value()
                : value == null ? null : value.toString()));
        String alias = strings.get(ENCRYPTION_KEY_DEPRECATED);
        String key = strings.get(ENCRYPTION_KEYS_CONFIG);
        if (alias != null && key != null && !alias.equals(key)) {
            throw new ConfigException(ENCRYPTION_KEYS_CONFIG, "[hidden]", "is set together with "
                    + ENCRYPTION_KEY_DEPRECATED + ", its deprecated former name, to a different value: keep only "
                    + ENCRYPTION_KEYS_CONFIG);
        }
        return ALIASES.apply(strings);
    }

    private static FieldCipher cipher(AbstractConfig config) {
        boolean encrypting = !config.getList(ENCRYPT_FIELDS_CONFIG).isEmpty()
                || !config.getList(REENCRYPT_FIELDS_CONFIG).isEmpty();
        if (!encrypting && config.getList(DECRYPT_FIELDS_CONFIG).isEmpty()) {
            return null;
        }
        Password value = config.getPassword(ENCRYPTION_KEYS_CONFIG);
        if (value == null || value.value().isBlank()) {
            throw new ConfigException(ENCRYPTION_KEYS_CONFIG, "[hidden]",
                    "is required when encrypt.fields, decrypt.fields or reencrypt.fields is set");
        }
        EncryptionKeys keys = EncryptionKeys.parse(value.value());
        String id = config.getString(ENCRYPTION_KEY_ID_CONFIG);
        if (id == null && encrypting) {
            id = keys.onlyId();
            if (id == null) {
                throw new ConfigException(ENCRYPTION_KEY_ID_CONFIG, null, "is required when encryption.keys holds more "
                        + "than one key (its ids: " + keys.ids() + "): name the one that encrypts");
            }
        }
        if (id != null && keys.get(id) == null) {
            throw new ConfigException(ENCRYPTION_KEY_ID_CONFIG, id, "is not an id in encryption.keys (its ids: "
                    + keys.ids() + ")");
        }
        return new FieldCipher(keys, id);
    }

    private void add(AbstractConfig config, String key, Action action, Set<String> seen) {
        for (String path : config.getList(key)) {
            String trimmed = path.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!seen.add(trimmed)) {
                throw new ConfigException(key, config.getList(key), "field '" + trimmed + "' is listed for two protections");
            }
            protections.add(new Protection(FieldPath.parse(trimmed), action));
        }
    }

    @Override
    protected R transform(R record) {
        Object value = side.value(record);
        if (value == null || protections.isEmpty()) {
            return record;
        }
        Schema schema = side.schema(record);
        if (value instanceof Struct) {
            SchemaAndValue current = new SchemaAndValue(schema, value);
            for (Protection p : protections) {
                current = p.action == Action.DROP
                        ? editor.remove(current.schema(), (Struct) current.value(), p.path)
                        : editor.update(current.schema(), (Struct) current.value(), p.path, structChange(p.action, p.path));
            }
            return side.with(record, current.schema(), current.value());
        }
        if (value instanceof Map) {
            // In place when an earlier Tributary transform handed the map to this record (PathEditor.Edits).
            PathEditor.Edits edits = new PathEditor.Edits(value, record);
            try {
                for (Protection p : protections) {
                    if (p.action == Action.DROP) {
                        edits.remove(p.path);
                    } else {
                        edits.update(p.path, schemalessChange(p.action, p.path));
                    }
                }
            } catch (RuntimeException e) {
                edits.rollback();
                throw e;
            }
            return edits.handOff(side.with(record, schema, edits.result()));
        }
        throw new DataException("ProtectFields needs a Struct or map " + side.label() + "; this record's is a "
                + value.getClass().getSimpleName());
    }

    private PathEditor.LeafChange structChange(Action action, FieldPath path) {
        return new PathEditor.LeafChange() {
            @Override
            public Schema schema(Schema old) {
                if (old == null) {
                    return null;
                }
                return old.isOptional() ? Schema.OPTIONAL_STRING_SCHEMA : Schema.STRING_SCHEMA;
            }

            @Override
            public Object value(Schema oldSchema, Object oldValue) {
                if (oldValue == null) {
                    return null;
                }
                if (action == Action.DECRYPT) {
                    FieldCipher.Decrypted decrypted = decrypt(action, path, oldValue);
                    return new String(decrypted.plaintext(), StandardCharsets.UTF_8);
                }
                return protect(action, path, oldSchema, oldValue);
            }
        };
    }

    private UnaryOperator<Object> schemalessChange(Action action, FieldPath path) {
        return old -> {
            if (old == null) {
                return null;
            }
            if (action == Action.DECRYPT) {
                FieldCipher.Decrypted decrypted = decrypt(action, path, old);
                if (decrypted.type() == FieldCipher.JSON) {
                    try {
                        return JsonData.parseSchemaless(decrypted.plaintext(), 0, decrypted.plaintext().length);
                    } catch (IOException e) {
                        throw new DataException("field '" + path + "' decrypted to invalid JSON");
                    }
                }
                return new String(decrypted.plaintext(), StandardCharsets.UTF_8);
            }
            return protect(action, path, null, old);
        };
    }

    private String protect(Action action, FieldPath path, Schema schema, Object value) {
        if (action == Action.REENCRYPT) {
            FieldCipher.Decrypted decrypted = decrypt(action, path, value);
            return cipher.encrypt(decrypted.type(), decrypted.plaintext());
        }
        boolean isString = value instanceof String;
        String text = isString ? (String) value : asText(schema, value);
        switch (action) {
            case MASK: return mask(text);
            case HASH: return hasher.hash(text);
            case ENCRYPT:
                return cipher.encrypt(isString ? FieldCipher.STRING : FieldCipher.JSON,
                        (isString ? text : asJson(schema, value)).getBytes(StandardCharsets.UTF_8));
            default: throw new IllegalStateException(action.name());
        }
    }

    /** Decrypts a field's value; a DataException naming the field and why, never the value, when it cannot. */
    private FieldCipher.Decrypted decrypt(Action action, FieldPath path, Object value) {
        String field = "field '" + path + "' to " + (action == Action.DECRYPT ? "decrypt " : "re-encrypt ");
        if (!(value instanceof String)) {
            throw new DataException(field + "holds a " + value.getClass().getSimpleName() + ", not ciphertext");
        }
        try {
            return cipher.decrypt((String) value);
        } catch (IllegalArgumentException e) {
            throw new DataException(field + e.getMessage());
        }
    }

    String mask(String text) {
        int keep = Math.min(keepLast, text.length());
        if (text.length() <= keepLast) {
            keep = 0;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length() - keep; i++) {
            out.append(maskChar);
        }
        return out.append(text, text.length() - keep, text.length()).toString();
    }

    private static String asText(Schema schema, Object value) {
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            return value.toString();
        }
        return asJson(schema, value).replaceAll("^\"|\"$", "");
    }

    private static String asJson(Schema schema, Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JsonData.FACTORY.createGenerator(out)) {
            JsonData.write(gen, schema, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static ConfigDef.Validator encryptionKeys() {
        return Validators.described("id:key entries, comma-separated; each key base64 of 16, 24 or 32 bytes", value -> {
            if (value == null) {
                return null;
            }
            try {
                EncryptionKeys.parse(((Password) value).value());
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
    }

    private static ConfigDef.Validator keyId() {
        return Validators.described("an id in encryption.keys", value -> value == null
                || EncryptionKeys.isValidId((String) value) ? null : "must be 1 to " + EncryptionKeys.MAX_ID_LENGTH
                + " characters of A-Z, a-z, 0-9, '.', '_', '-'");
    }

    /** Protects fields of the key. */
    public static final class Key<R extends ConnectRecord<R>> extends ProtectFields<R> {
        public Key() {
            super(RecordSide.KEY);
        }
    }

    /** Protects fields of the value. */
    public static final class Value<R extends ConnectRecord<R>> extends ProtectFields<R> {
        public Value() {
            super(RecordSide.VALUE);
        }
    }
}
