package io.tributary.launcher.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A header's bytes as a person reads them. Connect's header converter, the project's dead letters and Connect's
 * {@code __connect.errors.*} headers are UTF-8 text (numbers too); anything else — an 8-byte Apicurio global id, a
 * binary header of another producer — is shown as hex, never dropped.
 */
record HeaderText(String text, String encoding) {

    static HeaderText of(byte[] value) {
        if (value == null) {
            return new HeaderText(null, "null");
        }
        String text = utf8(value);
        if (text != null && printable(text)) {
            return new HeaderText(text, "utf8");
        }
        return new HeaderText(HexFormat.of().formatHex(value), "hex");
    }

    /** The bytes as strict UTF-8, or null when they are not. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** No control characters but line breaks and tabs: text a terminal shows as it is. */
    static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }
}
