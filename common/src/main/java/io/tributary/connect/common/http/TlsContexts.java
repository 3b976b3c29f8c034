package io.tributary.connect.common.http;

import org.apache.kafka.common.config.ConfigException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** An {@link SSLContext} from key and trust store files, for clients (HTTP connectors) and servers (push sources). */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * Blank paths mean none: no trust store is the JVM's default trust, no key store no own certificate.
     * {@code keys} names the config keys for the error message.
     */
    public static SSLContext of(String storeType, String truststorePath, String truststorePassword,
                                String keystorePath, String keystorePassword, String keys) {
        try {
            TrustManagerFactory trust = null;
            if (truststorePath != null && !truststorePath.isBlank()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(storeType, truststorePath, truststorePassword));
            }
            KeyManagerFactory keyManagers = null;
            if (keystorePath != null && !keystorePath.isBlank()) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(load(storeType, keystorePath, keystorePassword),
                        keystorePassword == null ? null : keystorePassword.toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
                    trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("Cannot set up TLS from " + keys + ": " + e.getMessage());
        }
    }

    private static KeyStore load(String type, String path, String password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }
}
