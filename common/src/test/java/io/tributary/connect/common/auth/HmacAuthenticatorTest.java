package io.tributary.connect.common.auth;

import io.tributary.connect.common.auth.AuthResult.Failure;
import io.tributary.connect.common.auth.AuthResult.Outcome;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import static io.tributary.connect.common.auth.TestAuth.authenticator;
import static org.assertj.core.api.Assertions.assertThat;

class HmacAuthenticatorTest {

    private static final String SECRET = "whsec-3f9c1a7e5b";
    private static final String BODY = "{\"event\":\"order.paid\",\"id\":42}";

    private final TestAuth.ManualClock clock = new TestAuth.ManualClock();
    private final RequestAuthenticator hmac = authenticator(clock, "auth.type", "hmac", "auth.hmac.secret", SECRET);

    private static String sign(String secret, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static TestRequest signed(long timestamp, String signature, String body) {
        return TestRequest.post(body).header("X-Timestamp", Long.toString(timestamp)).header("X-Signature", signature);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void acceptsBareHexSignature() throws Exception {
        assertThat(hmac.authenticate(signed(now(), sign(SECRET, now(), BODY), BODY)))
                .isEqualTo(AuthResult.ok("hmac"));
    }

    @Test
    void acceptsSha256PrefixedSignature() throws Exception {
        assertThat(hmac.authenticate(signed(now(), "sha256=" + sign(SECRET, now(), BODY), BODY)).ok()).isTrue();
    }

    @Test
    void rejectsSignatureMadeWithAnotherSecret() throws Exception {
        AuthResult result = hmac.authenticate(signed(now(), sign("whsec-other", now(), BODY), BODY));

        assertThat(result).isEqualTo(AuthResult.unauthenticated(Failure.BAD_SIGNATURE,
                "the X-Signature header does not match the timestamp and body"));
    }

    @Test
    void rejectsSignatureOfAnotherBody() throws Exception {
        String tampered = BODY.replace("42", "43");

        assertThat(hmac.authenticate(signed(now(), sign(SECRET, now(), BODY), tampered)).failure())
                .isEqualTo(Failure.BAD_SIGNATURE);
    }

    @Test
    void rejectsTimestampOlderThanTheTolerance() throws Exception {
        long then = now() - 301;

        AuthResult result = hmac.authenticate(signed(then, sign(SECRET, then, BODY), BODY));

        assertThat(result.failure()).isEqualTo(Failure.STALE_TIMESTAMP);
        assertThat(result.reason()).isEqualTo("the X-Timestamp header is more than 300000 ms away from the "
                + "server's time");
    }

    @Test
    void rejectsTimestampFurtherAheadThanTheTolerance() throws Exception {
        long later = now() + 301;

        assertThat(hmac.authenticate(signed(later, sign(SECRET, later, BODY), BODY)).failure())
                .isEqualTo(Failure.STALE_TIMESTAMP);
    }

    @Test
    void acceptsTimestampJustInsideTheTolerance() throws Exception {
        long then = now() - 300;

        assertThat(hmac.authenticate(signed(then, sign(SECRET, then, BODY), BODY)).ok()).isTrue();
    }

    @Test
    void rejectsReplayOfTheSameRequest() throws Exception {
        TestRequest request = signed(now(), sign(SECRET, now(), BODY), BODY);
        assertThat(hmac.authenticate(request).ok()).isTrue();

        clock.advance(Duration.ofSeconds(10));
        AuthResult replay = hmac.authenticate(request);

        assertThat(replay.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(replay.failure()).isEqualTo(Failure.REPLAYED);
        assertThat(replay.code()).isEqualTo("replayed");
    }

    @Test
    void rejectsReplayWrittenWithTheOtherSignatureSpelling() throws Exception {
        String signature = sign(SECRET, now(), BODY);
        assertThat(hmac.authenticate(signed(now(), signature, BODY)).ok()).isTrue();

        assertThat(hmac.authenticate(signed(now(), "sha256=" + signature.toUpperCase(), BODY)).failure())
                .isEqualTo(Failure.REPLAYED);
    }

    @Test
    void acceptsTheSameBodySignedAgainWithANewTimestamp() throws Exception {
        assertThat(hmac.authenticate(signed(now(), sign(SECRET, now(), BODY), BODY)).ok()).isTrue();
        clock.advance(Duration.ofSeconds(1));

        assertThat(hmac.authenticate(signed(now(), sign(SECRET, now(), BODY), BODY)).ok()).isTrue();
    }

    @Test
    void refusesReplayAfterTheWindowByItsTimestamp() throws Exception {
        TestRequest request = signed(now(), sign(SECRET, now(), BODY), BODY);
        assertThat(hmac.authenticate(request).ok()).isTrue();

        clock.advance(Duration.ofMinutes(6));

        assertThat(hmac.authenticate(request).failure()).isEqualTo(Failure.STALE_TIMESTAMP);
    }

    @Test
    void refusesNewSignaturesWhenTheReplayMemoryIsFullUntilOldOnesGoStale() throws Exception {
        HmacAuthenticator small = new HmacAuthenticator(SECRET.getBytes(StandardCharsets.UTF_8), "X-Signature",
                "X-Timestamp", 300_000, clock, 2);
        long start = now();
        assertThat(small.authenticate(signed(start, sign(SECRET, start, "a"), "a")).ok()).isTrue();
        assertThat(small.authenticate(signed(start, sign(SECRET, start, "b"), "b")).ok()).isTrue();

        AuthResult full = small.authenticate(signed(start, sign(SECRET, start, "c"), "c"));
        assertThat(full.failure()).isEqualTo(Failure.REPLAY_CAPACITY);
        assertThat(full.reason()).isEqualTo("too many signed requests within the tolerance window to check for "
                + "replays; retry later");

        clock.advance(Duration.ofSeconds(301));
        assertThat(small.authenticate(signed(now(), sign(SECRET, now(), "c"), "c")).ok()).isTrue();
    }

    @Test
    void rejectsWebSocketHandshakeWithTheReason() {
        AuthResult result = hmac.authenticate(TestRequest.handshake().header("X-Timestamp", "1")
                .header("X-Signature", "00"));

        assertThat(result).isEqualTo(AuthResult.unauthenticated(Failure.BODY_REQUIRED,
                "hmac signatures need a request body; use api-key or jwt for WebSocket"));
    }

    @Test
    void rejectsRequestWithoutSignature() {
        assertThat(hmac.authenticate(TestRequest.post(BODY).header("X-Timestamp", Long.toString(now()))))
                .isEqualTo(AuthResult.unauthenticated(Failure.MISSING, "no signature in the X-Signature header"));
    }

    @Test
    void rejectsRequestWithoutTimestamp() throws Exception {
        assertThat(hmac.authenticate(TestRequest.post(BODY).header("X-Signature", sign(SECRET, now(), BODY))))
                .isEqualTo(AuthResult.unauthenticated(Failure.MISSING, "no timestamp in the X-Timestamp header"));
    }

    @Test
    void rejectsTimestampThatIsNotUnixSeconds() throws Exception {
        assertThat(hmac.authenticate(signed(now(), sign(SECRET, now(), BODY), BODY)
                .header("X-Timestamp", "2025-06-01T12:00:00Z")).failure()).isEqualTo(Failure.MALFORMED);
    }

    @Test
    void rejectsSignatureThatIsNotHex() {
        assertThat(hmac.authenticate(signed(now(), "sha256=not-hex", BODY)).failure())
                .isEqualTo(Failure.MALFORMED);
    }

    @Test
    void readsConfiguredHeaders() throws Exception {
        RequestAuthenticator custom = authenticator(clock, "auth.type", "hmac", "auth.hmac.secret", SECRET,
                "auth.hmac.signature.header", "Webhook-Signature", "auth.hmac.timestamp.header", "Webhook-Time");

        assertThat(custom.authenticate(TestRequest.post(BODY).header("Webhook-Time", Long.toString(now()))
                .header("Webhook-Signature", sign(SECRET, now(), BODY))).ok()).isTrue();
    }

    @Test
    void needsTheBody() {
        assertThat(hmac.needsBody()).isTrue();
    }
}
