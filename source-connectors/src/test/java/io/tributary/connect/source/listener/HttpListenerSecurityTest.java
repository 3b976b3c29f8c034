package io.tributary.connect.source.listener;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.tributary.connect.common.http.TlsContexts;
import io.tributary.connect.source.push.PushTaskHarness;
import io.tributary.connect.source.push.ingest.EventRecords;
import io.tributary.testsupport.TestCertificates;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Credentials and TLS through real requests: what a client sees, and what the listener counts. */
class HttpListenerSecurityTest {

    private static final String PASSWORD = "changeit";
    private static final String JWT_SECRET = "a-shared-secret-of-at-least-32-bytes!";
    private static final String HMAC_SECRET = "webhook-secret";

    @TempDir
    static Path dir;

    private final List<PushTaskHarness> running = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates.create(dir, PASSWORD, "server", "client");
    }

    @AfterEach
    void stop() {
        running.forEach(PushTaskHarness::stop);
    }

    private PushTaskHarness start(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "secure-" + running.size() + "-" + System.nanoTime());
        props.put("topic", "events");
        props.put("listener.port", "0");
        props.putAll(overrides);
        PushTaskHarness h = new PushTaskHarness(new HttpListenerSourceTask(), props);
        running.add(h);
        return h;
    }

    private static CompletableFuture<HttpResponse<String>> post(HttpClient client, String url, String body,
                                                                String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(CompletableFuture<HttpResponse<String>> response) throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    private static String token(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().subject("app-7").audience("events").issuer("https://idp.test")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
    }

    @Test
    void bearerTokensAreCheckedForSignatureExpiryAndAudience() throws Exception {
        PushTaskHarness h = start(Map.of("auth.type", "jwt", "auth.jwt.secret", JWT_SECRET,
                "auth.jwt.audience", "events", "auth.jwt.issuer", "https://idp.test", "auth.jwt.clock.skew.ms", "0"));
        HttpClient client = HttpClient.newHttpClient();
        String url = "http://127.0.0.1:" + h.task.port() + "/events";
        Instant past = Instant.now().minusSeconds(3600);
        String expired = token(claims().issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60)))
                .build());
        String wrongAudience = token(claims().audience("billing").build());
        String forged = token(claims().build()).replaceAll(".$", "A").replaceAll("..$", "AB");

        assertThat(status(post(client, url, "{}"))).isEqualTo(401);
        HttpResponse<String> expiredAnswer = post(client, url, "{}", "Authorization", "Bearer " + expired)
                .get(10, TimeUnit.SECONDS);
        assertThat(expiredAnswer.statusCode()).isEqualTo(401);
        assertThat(expiredAnswer.body()).containsIgnoringCase("expired").doesNotContain(expired);
        assertThat(status(post(client, url, "{}", "Authorization", "Bearer " + wrongAudience))).isEqualTo(403);
        assertThat(status(post(client, url, "{}", "Authorization", "Bearer " + forged))).isEqualTo(401);

        var ok = post(client, url, "{\"a\":1}", "Authorization", "Bearer " + token(claims().build()));
        List<SourceRecord> records = h.pollAtLeast(1);
        assertThat(records.get(0).headers().lastWithName(EventRecords.PRINCIPAL_HEADER).value()).isEqualTo("app-7");
        h.commitAll();
        assertThat(status(ok)).isEqualTo(200);
        assertThat(h.task.metrics().authFailures.count()).isEqualTo(4);
    }

    @Test
    void webhookSignaturesAreCheckedOverTheBodyAndNotAcceptedTwice() throws Exception {
        PushTaskHarness h = start(Map.of("auth.type", "hmac", "auth.hmac.secret", HMAC_SECRET));
        HttpClient client = HttpClient.newHttpClient();
        String url = "http://127.0.0.1:" + h.task.port() + "/events";
        String body = "{\"order\":42}";
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = "sha256=" + hmac(timestamp + "." + body);

        var ok = post(client, url, body, "X-Timestamp", timestamp, "X-Signature", signature);
        h.pollAtLeast(1);
        h.commitAll();
        assertThat(status(ok)).isEqualTo(200);

        HttpResponse<String> replay = post(client, url, body, "X-Timestamp", timestamp, "X-Signature", signature)
                .get(10, TimeUnit.SECONDS);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).containsIgnoringCase("replay");
        assertThat(status(post(client, url, "{\"order\":43}", "X-Timestamp", timestamp, "X-Signature", signature)))
                .as("the signature of another body").isEqualTo(401);
        String old = Long.toString(Instant.now().minusSeconds(3600).getEpochSecond());
        assertThat(status(post(client, url, body, "X-Timestamp", old, "X-Signature", "sha256=" + hmac(old + "."
                + body)))).as("a stale timestamp").isEqualTo(401);
        assertThat(h.poll()).isEmpty();
        assertThat(h.task.metrics().authFailures.count()).isEqualTo(3);
    }

    @Test
    void tlsWithClientCertificatesRequired() throws Exception {
        PushTaskHarness h = start(Map.of(
                "listener.tls.keystore.path", dir.resolve("server.p12").toString(),
                "listener.tls.keystore.password", PASSWORD,
                "listener.tls.client.auth", "required",
                "listener.tls.truststore.path", dir.resolve("client-trust.p12").toString(),
                "listener.tls.truststore.password", PASSWORD));
        String url = "https://127.0.0.1:" + h.task.port() + "/events";
        HttpClient withCertificate = HttpClient.newBuilder().sslContext(TlsContexts.of("PKCS12",
                dir.resolve("server-trust.p12").toString(), PASSWORD, dir.resolve("client.p12").toString(), PASSWORD,
                "test")).build();
        var ok = post(withCertificate, url, "{\"secure\":true}");
        h.pollAtLeast(1);
        h.commitAll();
        assertThat(status(ok)).isEqualTo(200);

        HttpClient withoutCertificate = HttpClient.newBuilder().sslContext(TlsContexts.of("PKCS12",
                dir.resolve("server-trust.p12").toString(), PASSWORD, null, null, "test")).build();
        assertThatThrownBy(() -> post(withoutCertificate, url, "{}").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.io.IOException.class);
        HttpClient plain = HttpClient.newHttpClient();
        assertThatThrownBy(() -> post(plain, "http://127.0.0.1:" + h.task.port() + "/events", "{}")
                .get(10, TimeUnit.SECONDS)).isNotNull();
    }

    private static String hmac(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
