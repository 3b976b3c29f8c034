package io.tributary.connect.source.websocket.client.connection;

import io.tributary.connect.source.websocket.client.connection.Frame.Kind;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Joins the fragments of one message in bounded memory: a text message up to {@code maxTextBytes} (UTF-8) whole;
 * of a longer one, and of a binary one, only the first {@code keptBytes} (for the dead letter) and the length.
 */
final class MessageAssembler {

    /** A message received whole: its text ({@link Kind#TEXT}) or the bytes kept of it, and its full length. */
    record Message(Kind kind, String text, byte[] kept, long length) {
    }

    private final int maxTextBytes;
    private final int keptBytes;
    private StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long length;
    private boolean binary;
    private boolean tooLarge;

    MessageAssembler(int maxTextBytes, int keptBytes) {
        this.maxTextBytes = maxTextBytes;
        this.keptBytes = keptBytes;
    }

    void text(CharSequence part) {
        long bytes = utf8Length(part);
        if (!tooLarge && length + bytes > maxTextBytes) {
            tooLarge = true;
            keep(text);
            text = new StringBuilder();
        }
        if (tooLarge) {
            keep(part);
        } else {
            text.append(part);
        }
        length += bytes;
    }

    void binary(ByteBuffer part) {
        binary = true;
        length += part.remaining();
        int take = Math.min(part.remaining(), keptBytes - kept.size());
        if (take > 0) {
            byte[] bytes = new byte[take];
            part.get(bytes);
            kept.write(bytes, 0, take);
        }
    }

    /** The message whose last fragment was just added; the assembler is then ready for the next one. */
    Message finish() {
        Message message;
        if (binary || tooLarge) {
            message = new Message(binary ? Kind.BINARY : Kind.TOO_LARGE, null, kept.toByteArray(), length);
        } else {
            message = new Message(Kind.TEXT, text.toString(), null, length);
        }
        text = new StringBuilder();
        kept.reset();
        length = 0;
        binary = false;
        tooLarge = false;
        return message;
    }

    private void keep(CharSequence chars) {
        int room = keptBytes - kept.size();
        if (room <= 0 || chars.length() == 0) {
            return;
        }
        // A char is at least one byte in UTF-8: the first 'room' chars hold all the bytes there is room for.
        byte[] bytes = chars.subSequence(0, Math.min(chars.length(), room)).toString().getBytes(StandardCharsets.UTF_8);
        kept.write(bytes, 0, Math.min(bytes.length, room));
    }

    /** Bytes of {@code chars} in UTF-8, without encoding them. */
    static long utf8Length(CharSequence chars) {
        long bytes = 0;
        for (int i = 0, n = chars.length(); i < n; i++) {
            char c = chars.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
