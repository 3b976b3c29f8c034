package io.tributary.connect.source.file.read;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: invalid input is an error to report, never silently replaced by U+FFFD. */
final class Utf8 {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    String decode(byte[] bytes, int offset, int length) throws CharacterCodingException {
        if (isAscii(bytes, offset, length)) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        return decoder.reset().decode(ByteBuffer.wrap(bytes, offset, length)).toString();
    }

    private static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
