package io.tributary.launcher;

import io.tributary.launcher.security.Principals;
import io.tributary.launcher.security.SecureKafka;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** What {@code ./tributary up --secure} prints: how to connect, with the client.properties files it writes. */
final class SecureStackHints {

    private SecureStackHints() {
    }

    static void print(LocalStack stack, PrintStream out) throws IOException {
        SecureKafka security = stack.security();
        Path readonly = security.writeClientProperties(Principals.READONLY, stack.bootstrapServers());
        Path demo = security.writeClientProperties(Principals.DEMO, stack.bootstrapServers());
        out.println("  Kafka mTLS listener       " + stack.mtlsBootstrapServers() + " (client certificate "
                + "CN=<user>,OU=tributary; keystores " + security.dir() + "/<user>.p12)");
        out.println("  CA certificate            " + security.caCertificate());
        out.println("  Users (ACLs)              connect (the worker), processor, demo (read/write events-*, agg-*), "
                + "readonly (read events-*, agg-*; groups readonly-*)");
        out.println("  Client settings           " + readonly + ", " + demo + " (owner-only; passwords in "
                + security.credentialsFile() + ")");
        out.println("    kafka-console-consumer.sh --bootstrap-server " + stack.bootstrapServers()
                + " --consumer.config " + readonly + " --group readonly-console --topic events-payments --from-beginning");
        out.println("    kcat -b " + stack.bootstrapServers() + " -X security.protocol=SASL_SSL -X sasl.mechanisms="
                + SecureKafka.MECHANISM + " -X sasl.username=readonly -X sasl.password=\"$(sed -n "
                + "'s/^readonly.password=//p' " + security.credentialsFile() + ")\" -X ssl.ca.location="
                + security.caCertificate() + " -C -t events-payments");
        out.println("    connector-specific credentials: \"producer.override.sasl.jaas.config\": \""
                + security.jaasReference(Principals.DEMO) + "\" (never shown by GET /connectors/{name}/config)");
    }
}
