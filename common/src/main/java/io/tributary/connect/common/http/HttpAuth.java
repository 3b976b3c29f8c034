package io.tributary.connect.common.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a request proves who sends it: nothing, HTTP Basic, a static Bearer token, an API key in a header or in the
 * query, or OAuth2 client credentials ({@link OAuth2ClientCredentials}). Shared by the HTTP connectors.
 */
public sealed interface HttpAuth permits HttpAuth.None, HttpAuth.Basic, HttpAuth.Bearer, HttpAuth.ApiKey,
        OAuth2ClientCredentials {

    /** Adds the credentials to {@code request}; returns the URI to call (an API key may go into its query). */
    URI apply(URI uri, HttpRequest.Builder request) throws IOException, InterruptedException;

    /**
     * Called when the server answered 401: true when fresh credentials may help (a token that expired early or was
     * revoked), and the request is then sent once more.
     */
    default boolean refreshAfterUnauthorized() {
        return false;
    }

    record None() implements HttpAuth {
        @Override
        public URI apply(URI uri, HttpRequest.Builder request) {
            return uri;
        }
    }

    record Basic(String user, String password) implements HttpAuth {
        @Override
        public URI apply(URI uri, HttpRequest.Builder request) {
            request.setHeader("Authorization", header(user, password));
            return uri;
        }

        static String header(String user, String password) {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=[hidden]]";
        }
    }

    record Bearer(String token) implements HttpAuth {
        @Override
        public URI apply(URI uri, HttpRequest.Builder request) {
            request.setHeader("Authorization", "Bearer " + token);
            return uri;
        }

        @Override
        public String toString() {
            return "Bearer[[hidden]]";
        }
    }

    /** An API key sent as a header {@code name: value}, or as the query parameter {@code name=value}. */
    record ApiKey(String name, String value, boolean inQuery) implements HttpAuth {
        @Override
        public URI apply(URI uri, HttpRequest.Builder request) {
            if (!inQuery) {
                request.setHeader(name, value);
                return uri;
            }
            String parameter = URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8);
            String query = uri.getRawQuery();
            String text = uri.toString();
            int fragment = text.indexOf('#');
            String base = fragment < 0 ? text : text.substring(0, fragment);
            String withKey = base + (query == null ? "?" : "&") + parameter;
            return URI.create(fragment < 0 ? withKey : withKey + text.substring(fragment));
        }

        @Override
        public String toString() {
            return "ApiKey[" + name + (inQuery ? " in the query" : " header") + ", value=[hidden]]";
        }
    }
}
