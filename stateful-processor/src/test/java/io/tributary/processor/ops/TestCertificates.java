package io.tributary.processor.ops;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

/** Key and trust stores made by the JDK's keytool for tests, all with one password. */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A PKCS12 store with a self-signed EC key pair for 127.0.0.1, under the alias {@code name}. */
    public static Path keyStore(Path dir, String name, String password) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", password);
        return store;
    }

    /** A trust store holding the certificate of {@code alias} in {@code store}. */
    public static Path trustStore(Path dir, Path store, String alias, String password) throws Exception {
        Path cert = dir.resolve(alias + ".crt");
        Path trust = dir.resolve(alias + "-trust.p12");
        keytool("-exportcert", "-alias", alias, "-keystore", store.toString(), "-storepass", password,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-keystore", trust.toString(),
                "-storetype", "PKCS12", "-storepass", password);
        return trust;
    }

    /** A client context trusting the server's own certificate, presenting {@code clientStore}'s key when given. */
    public static SSLContext clientContext(Path serverStore, Path clientStore, String password) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(serverStore, password));
        KeyManagerFactory keys = null;
        if (clientStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(clientStore, password), password.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + ": " + said);
        }
    }
}
