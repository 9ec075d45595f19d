package org.adoptionkiosk.appliance.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8. Jackson's byte parser decodes an overlong sequence such as {@code C0 AF} as "/"
 * instead of refusing it, so request bodies are checked here first: a character that arrives in
 * a disguise could slip past a check on its plain form.
 */
final class Utf8 {
    private Utf8() {
    }

    static boolean isValid(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
