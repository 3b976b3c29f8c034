package io.tributary.connect.sink.http;

import io.tributary.testsupport.InMemorySinkContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.tributary.connect.sink.http.HttpSinkTasks.TP0;
import static io.tributary.connect.sink.http.HttpSinkTasks.current;
import static io.tributary.connect.sink.http.HttpSinkTasks.offsets;
import static io.tributary.connect.sink.http.HttpSinkTasks.records;
import static org.assertj.core.api.Assertions.assertThat;

/** Each auth kind reaching a real server, OAuth2 with a token endpoint on the same loopback server. */
class HttpSinkAuthTest {

    private final Receiver receiver = new Receiver();
    private final InMemorySinkContext context = new InMemorySinkContext();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void basicSendsUserAndPassword() {
        HttpSinkTasks.start(receiver, context, "auth.type", "basic", "auth.basic.user", "ann",
                "auth.basic.password", "s3cret").put(records(0, 1));
        assertThat(receiver.requests.get(0).header("Authorization")).isEqualTo("Basic YW5uOnMzY3JldA==");
    }

    @Test
    void bearerSendsTheToken() {
        HttpSinkTasks.start(receiver, context, "auth.type", "bearer", "auth.bearer.token", "tok")
                .put(records(0, 1));
        assertThat(receiver.requests.get(0).header("Authorization")).isEqualTo("Bearer tok");
    }

    @Test
    void anApiKeyGoesIntoAHeader() {
        HttpSinkTasks.start(receiver, context, "auth.type", "api-key", "auth.api.key.name", "X-Api-Key",
                "auth.api.key.value", "k1").put(records(0, 1));
        assertThat(receiver.requests.get(0).header("X-Api-Key")).isEqualTo("k1");
        assertThat(receiver.requests.get(0).query()).isNull();
    }

    @Test
    void anApiKeyGoesIntoTheQuery() {
        HttpSinkTasks.start(receiver, context, "http.url", receiver.url("/in?v=2"), "auth.type", "api-key",
                "auth.api.key.name", "key", "auth.api.key.value", "k&1", "auth.api.key.location", "query")
                .put(records(0, 1));
        assertThat(receiver.requests.get(0).query()).isEqualTo("v=2&key=k%261");
        assertThat(receiver.requests.get(0).header("key")).isNull();
    }

    @Test
    void oauth2FetchesATokenWithClientCredentialsAndFetchesAnotherAfterA401() {
        AtomicInteger issued = new AtomicInteger();
        AtomicReference<String> valid = new AtomicReference<>();
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        receiver.route("/token", r -> {
            tokenRequests.add(r.header("Authorization") + " " + r.body());
            String token = "t" + issued.incrementAndGet();
            valid.set(token);
            return Receiver.Answer.status(200, "{\"access_token\":\"" + token + "\",\"expires_in\":3600}");
        });
        receiver.script = r -> ("Bearer " + valid.get()).equals(r.header("Authorization"))
                ? Receiver.Answer.ok() : Receiver.Answer.status(401);
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "auth.type", "oauth2",
                "auth.oauth2.token.url", receiver.url("/token"), "auth.oauth2.client.id", "app",
                "auth.oauth2.client.secret", "pw", "auth.oauth2.scope", "write", "batch.max.records", "1");
        task.put(records(0, 2));
        assertThat(tokenRequests).containsExactly("Basic YXBwOnB3 grant_type=client_credentials&scope=write");

        valid.set("revoked-by-the-server");
        task.put(records(2, 3));
        assertThat(issued).as("a 401 fetched a new token").hasValue(2);
        assertThat(receiver.requests).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer t1", "Bearer t1", "Bearer t1", "Bearer t2");
        assertThat(context.errant()).isEmpty();
        assertThat(task.preCommit(current(3, 0))).isEqualTo(offsets(TP0, 3));
    }

    @Test
    void anOauth2TokenAboutToExpireIsRenewedBeforeTheRequest() {
        AtomicInteger issued = new AtomicInteger();
        receiver.route("/token", r -> Receiver.Answer.status(200,
                "{\"access_token\":\"t" + issued.incrementAndGet() + "\",\"expires_in\":1}"));
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "auth.type", "oauth2",
                "auth.oauth2.token.url", receiver.url("/token"), "auth.oauth2.client.id", "app",
                "auth.oauth2.client.secret", "pw", "batch.max.records", "1");
        task.put(records(0, 3));
        assertThat(receiver.requests).extracting(r -> r.header("Authorization"))
                .as("a token lasting 1 s is within the renewal margin: a fresh one per request")
                .containsExactly("Bearer t1", "Bearer t2", "Bearer t3");
    }
}
