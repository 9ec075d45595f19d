package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.testkit.RealServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The password-file line is Mosquitto's: the same hash as mosquitto_passwd makes for the same salt. */
class MosquittoPasswordTest {
    @Test
    void ourHashOfAPasswordEqualsMosquittoPasswdsOwn(@TempDir Path tmp) throws Exception {
        Path tool = RealServices.program("mosquitto_passwd", "/usr/bin/mosquitto_passwd");
        Path file = tmp.resolve("passwd");
        Process p = new ProcessBuilder(tool.toString(), "-c", "-b", file.toString(), "kiosk-abc", "s3cret pass")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        String line = Files.readString(file).strip();
        String[] parts = line.substring("kiosk-abc:".length()).split("\\$");
        // "", "7", iterations, salt, hash
        assertEquals("7", parts[1], line);
        byte[] salt = Base64.getDecoder().decode(parts[3]);
        assertEquals(line, "kiosk-abc:" + MosquittoPassword.hash("s3cret pass", salt, Integer.parseInt(parts[2])));
    }

    @Test
    void newLinesHaveTheFormatAndAFreshSalt() {
        SecureRandom random = new SecureRandom();
        String a = MosquittoPassword.line("kiosk-abc", "pw", random);
        String b = MosquittoPassword.line("kiosk-abc", "pw", random);
        assertTrue(a.matches("kiosk-abc:\\$7\\$" + MosquittoPassword.ITERATIONS + "\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}=="), a);
        assertTrue(!a.equals(b), "each line has its own salt");
        assertTrue(MosquittoPassword.newPassword(random).matches("[A-Za-z0-9_-]{43}"));
    }
}
