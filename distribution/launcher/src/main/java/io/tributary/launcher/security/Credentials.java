package io.tributary.launcher.security;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The secrets of one secure home in one properties file that only its owner can read: the keystores' password and,
 * per SCRAM user, its password and a ready {@code sasl.jaas.config} line. Connector configs never carry them; they
 * name them through Kafka's FileConfigProvider, {@code ${file:<this file>:<user>.sasl.jaas.config}}, which Connect
 * resolves when it starts a task and never returns from {@code GET /connectors/{name}/config}.
 */
final class Credentials {

    static final String STORE_PASSWORD = "store.password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Properties values;

    private Credentials(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    static Credentials load(Path file) throws IOException {
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            values.load(in);
        }
        return new Credentials(file, values);
    }

    /** A new file with a random keystore password. */
    static Credentials create(Path file) throws IOException {
        Properties values = new Properties();
        values.setProperty(STORE_PASSWORD, randomSecret());
        Credentials credentials = new Credentials(file, values);
        credentials.save();
        return credentials;
    }

    Path file() {
        return file;
    }

    String storePassword() {
        return values.getProperty(STORE_PASSWORD);
    }

    boolean hasUser(String user) {
        return values.containsKey(passwordKey(user));
    }

    /** The user's password, made (and saved) the first time it is asked for. */
    synchronized String password(String user) throws IOException {
        String password = values.getProperty(passwordKey(user));
        if (password == null) {
            password = randomSecret();
            values.setProperty(passwordKey(user), password);
            values.setProperty(jaasKey(user), jaas(user, password));
            save();
        }
        return password;
    }

    static String passwordKey(String user) {
        return user + ".password";
    }

    static String jaasKey(String user) {
        return user + ".sasl.jaas.config";
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** 24 random bytes, URL-safe Base64: no quote or backslash that JAAS or a properties file would need escaped. */
    private static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Written to a new owner-only file, then moved over the old one: never readable by others, never half written. */
    private void save() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(tmp)) {
            values.store(out, "Secrets of the secure local stack: owner-only; referenced as ${file:" + file
                    + ":<key>}");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
