package org.adoptionkiosk.appliance.sealing;

import org.adoptionkiosk.appliance.HubKeys;
import org.adoptionkiosk.appliance.TestKiosk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kiosk's disk never holds a visitor's contact details in clear. */
class NoPlaintextOnDiskTest {
    private static final String EMAIL = "zebedee.quartermaine.7319@example.org";
    private static final String NAME = "Zebedee Quartermaine";
    private static final String PHONE = "07700 931 846";

    @TempDir
    Path dir;

    @Test
    void enquiryDetailsAreOnlyOnDiskSealed() throws Exception {
        Path data = dir.resolve("data");
        try (TestKiosk kiosk = TestKiosk.start(data, HubKeys.create(dir))) {
            var response = kiosk.postJson("""
                    {"type":"enquiry","lang":"en","fields":{"localAuthority":"newport","topic":"adopting",
                     "contactConsent":true,"privacyVersion":"2026-11"},
                     "personal":{"name":"%s","email":"%s","phone":"%s","message":"Please call after six"}}"""
                    .formatted(NAME, EMAIL, PHONE));
            assertEquals(201, response.statusCode(), response.body());
            var signin = kiosk.postJson("""
                    {"type":"signin","lang":"cy","fields":{"localAuthority":"newport","privacyVersion":"2026-11",
                     "newsletterConsent":true},"personal":{"name":"Zebedee","email":"%s"}}""".formatted(EMAIL));
            assertEquals(201, signin.statusCode(), signin.body());
        }

        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(data)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".mv.db")),
                "the H2 file is there to search: " + files);
        // The search works: non-personal fields are plainly there to be found.
        assertTrue(files.stream().anyMatch(f -> contains(read(f), "newport".getBytes(StandardCharsets.UTF_8))),
                "the council slug should be findable in clear");
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (String secret : new String[]{EMAIL, NAME, PHONE, "Please call after six"}) {
                assertFalse(contains(bytes, secret.getBytes(StandardCharsets.UTF_8)),
                        f.getFileName() + " holds personal data in clear");
                assertFalse(contains(bytes, secret.getBytes(StandardCharsets.UTF_16BE)),
                        f.getFileName() + " holds personal data in clear (UTF-16)");
            }
        }
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
