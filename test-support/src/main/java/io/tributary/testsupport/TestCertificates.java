package io.tributary.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-signed certificates for TLS tests, made with the JDK's keytool: for each name, {@code <name>.p12} (its key
 * and certificate, EC P-256, valid for 127.0.0.1) and {@code <name>-trust.p12} (a trust store holding only its
 * certificate), all PKCS12 with one password.
 */
public final class TestCertificates {

    private TestCertificates() {
    }

    public static void create(Path dir, String password, String... names) throws IOException, InterruptedException {
        for (String who : names) {
            keytool("-genkeypair", "-alias", who, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + who,
                    "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                    dir.resolve(who + ".p12").toString(), "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-alias", who, "-keystore", dir.resolve(who + ".p12").toString(), "-storepass",
                    password, "-rfc", "-file", dir.resolve(who + ".pem").toString());
            keytool("-importcert", "-noprompt", "-alias", who, "-file", dir.resolve(who + ".pem").toString(),
                    "-keystore", dir.resolve(who + "-trust.p12").toString(), "-storetype", "PKCS12", "-storepass",
                    password);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
