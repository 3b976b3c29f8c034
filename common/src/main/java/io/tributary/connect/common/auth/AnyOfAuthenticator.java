package io.tributary.connect.common.auth;

import io.tributary.connect.common.auth.AuthResult.Failure;
import io.tributary.connect.common.auth.AuthResult.Outcome;

import java.util.ArrayList;
import java.util.List;

/**
 * Several ways in, e.g. API keys for servers and tokens for browsers: a request passes when any authenticator
 * passes it. A rejection reports the most specific failure: a genuine credential that is not allowed here (403)
 * first, then a credential that was presented but is bad, in configuration order; only when no credential was
 * presented at all does it say what each way expected.
 */
final class AnyOfAuthenticator implements RequestAuthenticator {

    private final List<RequestAuthenticator> authenticators;
    private final boolean needsBody;

    AnyOfAuthenticator(List<RequestAuthenticator> authenticators) {
        if (authenticators.size() < 2) {
            throw new IllegalArgumentException("Combine at least two authenticators");
        }
        this.authenticators = List.copyOf(authenticators);
        this.needsBody = authenticators.stream().anyMatch(RequestAuthenticator::needsBody);
    }

    @Override
    public boolean needsBody() {
        return needsBody;
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        AuthResult forbidden = null;
        AuthResult invalid = null;
        List<String> absent = new ArrayList<>();
        for (RequestAuthenticator authenticator : authenticators) {
            AuthResult result = authenticator.authenticate(request);
            if (result.ok()) {
                return result;
            }
            if (result.outcome() == Outcome.FORBIDDEN) {
                forbidden = forbidden == null ? result : forbidden;
            } else if (presented(result)) {
                invalid = invalid == null ? result : invalid;
            } else {
                absent.add(result.reason());
            }
        }
        if (forbidden != null) {
            return forbidden;
        }
        if (invalid != null) {
            return invalid;
        }
        return AuthResult.unauthenticated(Failure.MISSING, String.join("; ", absent));
    }

    /**
     * Whether the rejection is about a credential the request carried. A signature asked of a request without a body
     * counts as absent: on a WebSocket handshake the other ways are what matter.
     */
    private static boolean presented(AuthResult result) {
        return result.failure() != Failure.MISSING && result.failure() != Failure.BODY_REQUIRED;
    }
}
