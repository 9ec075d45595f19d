package org.adoptionkiosk.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Welsh is never second: both text files hold the same keys, and every text key the fleet and
 * dead-letter pages name is in both, with words of its own in each.
 */
class FleetTextsTest {
    private static final Path WEB = Path.of("src/main/java/org/adoptionkiosk/hub/web");
    private static final Path JTE = Path.of("src/main/jte");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z_]+(?:\\.[a-z_-]+)+)\"");

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = FleetTextsTest.class.getResourceAsStream("/org/adoptionkiosk/hub/web/" + name)) {
            assertNotNull(in, name);
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws Exception {
        Set<String> cy = new TreeSet<>(load("text_cy.properties").stringPropertyNames());
        Set<String> en = new TreeSet<>(load("text_en.properties").stringPropertyNames());
        Set<String> onlyCy = new TreeSet<>(cy);
        onlyCy.removeAll(en);
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(cy);
        assertEquals(Set.of(), onlyCy, "keys only in Welsh");
        assertEquals(Set.of(), onlyEn, "keys only in English");
    }

    @Test
    void everyKeyTheFleetPagesUseIsInBothLanguages() throws Exception {
        Properties cy = load("text_cy.properties");
        Properties en = load("text_en.properties");
        Set<String> used = new TreeSet<>();
        for (Path file : new Path[] {WEB.resolve("FleetPages.java"), WEB.resolve("DeadLetterPages.java"),
                JTE.resolve("fleet.jte"), JTE.resolve("kiosk.jte"), JTE.resolve("dead-letters.jte"),
                JTE.resolve("dead-letter.jte")}) {
            Matcher m = LITERAL.matcher(Files.readString(file));
            while (m.find()) {
                String key = m.group(1);
                if (!key.endsWith(".jte") && !key.endsWith(".csv")) {
                    used.add(key);
                }
            }
        }
        // Built from parts: kiosk.mode.{event,office}.
        used.add("kiosk.mode.event");
        used.add("kiosk.mode.office");
        assertTrue(used.size() > 100, "the scan found the keys: " + used.size());
        for (String key : used) {
            assertNotNull(cy.getProperty(key), key + " in Welsh");
            assertNotNull(en.getProperty(key), key + " in English");
            assertFalse(cy.getProperty(key).isBlank(), key);
        }
    }
}
