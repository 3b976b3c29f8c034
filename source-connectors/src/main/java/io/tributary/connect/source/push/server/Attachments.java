package io.tributary.connect.source.push.server;

import io.undertow.util.AttachmentKey;

/** What a request carries between handlers. */
public final class Attachments {

    /** Who the authenticator says sent the request (JWT subject, API key name...). */
    public static final AttachmentKey<String> PRINCIPAL = AttachmentKey.create(String.class);

    private Attachments() {
    }
}
