package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.keys.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code sync-hub.jar signing-key add-next|promote|retire-old}, as an operator runs it: each step
 * changes the public file kiosks need and says what to do next; a step out of order is one line on
 * stderr and exit 1, a wrong command line exit 2. (What each step means to a kiosk's verifier is in
 * {@code keys.SigningKeyRotationTest}.)
 */
class SigningKeyCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("signing-key"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data", dir.toString()));
        return Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), null, null)
                .execute(all.toArray(String[]::new));
    }

    private String publicFile() throws Exception {
        return Files.readString(dir.resolve(SigningKeys.PUBLIC_FILE));
    }

    private static int keys(String publicKeyset) {
        return publicKeyset.split("\"keyId\"", -1).length - 1;
    }

    @Test
    void theThreeStepsInOrderAndOutOfIt() throws Exception {
        assertEquals(1, run("add-next"), "no keys yet: nothing to rotate");
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("sync-hub: signing key in "), err.toString());
        assertEquals(1, err.toString(StandardCharsets.UTF_8).lines().count(), "one line");

        SigningKeys.loadOrCreate(dir, null);
        assertEquals(1, keys(publicFile()));
        assertEquals(0, run("add-next"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, keys(publicFile()), "the public file kiosks need holds both keys");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("signing-key promote"), out.toString());
        assertEquals(1, run("add-next"), "a second next key is refused");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("promote it first"), err.toString());

        assertEquals(0, run("promote"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, run("promote"), "nothing left to promote");
        assertEquals(1, run("add-next"), "no third key while the old one is still held");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("retire-old"), err.toString());
        assertEquals(0, run("retire-old"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, keys(publicFile()));

        assertEquals(2, run(), "no step named: a wrong command line");
        assertEquals(2, run("turn"), "no such step");
    }
}
