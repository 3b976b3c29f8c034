package io.tributary.launcher.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and PKCS12 keystores made with the JDK's own {@code keytool} (the one program every
 * machine running Tributary has): the CA's certificate as {@code ca.pem} (the clients' truststore, Kafka reads PEM
 * truststores without a password), and per identity {@code <name>.p12} holding its EC key and a certificate signed
 * by the CA with the subject {@link Principals#distinguishedName}; the broker's also names 127.0.0.1 and localhost
 * as subject alternative names, so clients verify the host (ssl.endpoint.identification.algorithm=https stays on).
 * The store password reaches keytool through its environment ({@code -storepass:env}), never its command line.
 */
final class Keystores {

    static final String CA_PEM = "ca.pem";
    private static final String CA_STORE = "ca.p12";
    private static final String PASSWORD_ENV = "TRIBUTARY_STORE_PASSWORD";
    private static final String VALIDITY_DAYS = "825";

    private final Path dir;
    private final String password;

    Keystores(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    static Path keystore(Path dir, String name) {
        return dir.resolve(name + ".p12");
    }

    /** The CA, then each identity's keystore (two at a time: each keytool call is a short JVM). */
    void generate(List<String> identities) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=Tributary local CA,OU=tributary", "-ext", "bc:c",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", VALIDITY_DAYS,
                "-keystore", dir.resolve(CA_STORE).toString(), "-storetype", "PKCS12", "-storepass:env", PASSWORD_ENV);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", dir.resolve(CA_STORE).toString(),
                "-storepass:env", PASSWORD_ENV, "-file", dir.resolve(CA_PEM).toString());
        ownerOnly(dir.resolve(CA_STORE));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (String identity : identities) {
                done.add(pool.submit(() -> {
                    signed(identity);
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void signed(String name) throws IOException, InterruptedException {
        String store = keystore(dir, name).toString();
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-dname", Principals.distinguishedName(name), "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", VALIDITY_DAYS, "-keystore", store, "-storetype", "PKCS12",
                "-storepass:env", PASSWORD_ENV);
        keytool("-certreq", "-alias", name, "-keystore", store, "-storepass:env", PASSWORD_ENV, "-file", csr.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore",
                dir.resolve(CA_STORE).toString(), "-storepass:env", PASSWORD_ENV, "-infile", csr.toString(),
                "-outfile", cert.toString(), "-validity", VALIDITY_DAYS, "-ext", "EKU=serverAuth,clientAuth"));
        if (name.equals(Principals.BROKER)) {
            sign.addAll(List.of("-ext", "SAN=ip:127.0.0.1,dns:localhost"));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", dir.resolve(CA_PEM).toString(), "-keystore", store,
                "-storepass:env", PASSWORD_ENV);
        keytool("-importcert", "-alias", name, "-file", cert.toString(), "-keystore", store,
                "-storepass:env", PASSWORD_ENV);
        Files.delete(csr);
        ownerOnly(keystore(dir, name));
    }

    /** Private keys: readable by the owner only (the directory already is). */
    private static void ownerOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // Short-lived JVMs: C1 only and a small heap start faster.
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-Xmx64m"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put(PASSWORD_ENV, password);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool " + args[0] + " did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed (exit " + process.exitValue() + "): "
                    + new String(output, StandardCharsets.UTF_8).trim());
        }
    }
}
