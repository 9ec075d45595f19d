package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.followup.EnquiryStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every text of the dashboard is in Welsh and in English: the two files hold the same keys, every
 * key a page or the code names is in them, and so is every key built from a code (topics, methods,
 * outcomes, roles, sections, audit actions, parts of the year).
 */
class TextsTest {
    private static final Pattern LITERAL = Pattern.compile(
            "(?:\\.get|\\.f|problem|errorKey|Refused|BadPeriodException)\\(\\s*(?:\\d+\\s*,\\s*)?\"([a-z][a-z0-9_]*(?:[.][a-zA-Z0-9_-]+)+)\"");

    private static final Pattern ANY_KEY = Pattern.compile("\"([a-z_]+(?:\\.[a-z_-]+)+)\"");

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void welshAndEnglishHoldTheSameKeysAndNoneIsEmpty() throws IOException {
        Properties cy = load("text_cy.properties");
        Properties en = load("text_en.properties");
        assertEquals(new TreeSet<>(en.stringPropertyNames()), new TreeSet<>(cy.stringPropertyNames()));
        for (String k : en.stringPropertyNames()) {
            assertFalse(en.getProperty(k).isBlank(), "en " + k);
            assertFalse(cy.getProperty(k).isBlank(), "cy " + k);
        }
    }

    @Test
    void everyKeyThePagesAndTheCodeNameExists() throws IOException {
        Set<String> known = load("text_en.properties").stringPropertyNames();
        List<String> missing = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (String root : new String[] {"src/main/jte", "src/main/java"}) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                files.filter(p -> p.toString().endsWith(".jte") || p.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        int seen = 0;
        for (Path file : sources) {
            Matcher m = LITERAL.matcher(Files.readString(file));
            while (m.find()) {
                seen++;
                if (!known.contains(m.group(1))) {
                    missing.add(file.getFileName() + ": " + m.group(1));
                }
            }
        }
        assertTrue(seen > 100, "the scan found the pages' keys (" + seen + ")");
        assertEquals(List.of(), missing);
    }

    @Test
    void everyKeyBuiltFromACodeExists() throws Exception {
        Set<String> known = load("text_en.properties").stringPropertyNames();
        List<String> keys = new ArrayList<>();
        EnquiryStore.METHODS.forEach(m -> keys.add("method." + m));
        EnquiryStore.OUTCOMES.forEach(o -> keys.add("outcome." + o));
        EnquiryStore.STAGES.forEach(s -> keys.add("stage." + s));
        EnquiryStore.REASONS.forEach(r -> keys.add("reason." + r));
        org.adoptionkiosk.hub.followup.Funnel.STEPS.forEach(s -> keys.add("funnel.step." + s));
        for (Role r : Role.values()) {
            keys.add("role." + r.wire());
        }
        for (String s : List.of("figures", "events", "measure", "funnel", "reports", "enquiries", "fleet", "dead-letters", "erasure", "access", "audit")) {
            keys.add("nav." + s);
        }
        for (org.adoptionkiosk.hub.reports.Part p : org.adoptionkiosk.hub.reports.Part.values()) {
            for (String k : List.of("report.title.", "report.part.", "report.part_noun.")) {
                keys.add(k + p.slug());
            }
        }
        for (var s : org.adoptionkiosk.hub.reports.YearCount.Source.values()) {
            keys.add("report.source." + s.name().toLowerCase(java.util.Locale.ROOT));
        }
        for (String r : List.of("alone", "highest", "joint_highest", "lowest", "joint_lowest", "nth", "joint_nth",
                "position")) {
            keys.add("report.rank." + r);
        }
        for (String t : List.of("adopting", "support", "other", "none")) {
            keys.add("topic." + t);
        }
        keys.add("lang.cy");
        keys.add("lang.en");
        for (String p : List.of("all", "H1", "H2", "Q1", "Q2", "Q3", "Q4")) {
            keys.add("period.part." + p);
        }
        for (int i = 1; i <= 12; i++) {
            keys.add("period.part.M" + i);
        }
        for (Field f : AuditLog.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                keys.add("audit.action." + f.get(null));
            }
        }
        for (String code : List.of("not_found", "method_not_allowed", "internal", "database_unavailable",
                "sign_in_needed", "forbidden", "csrf", "bad_request")) {
            keys.add("error." + code);
        }
        List<String> missing = keys.stream().filter(k -> !known.contains(k)).toList();
        assertEquals(List.of(), missing);
    }

    /** The fleet and dead-letter pages pass some keys around as values: there, every dotted string counts. */
    @Test
    void everyKeyTheFleetPagesUseIsInBothLanguages() throws Exception {
        Properties cy = load("text_cy.properties");
        Properties en = load("text_en.properties");
        Set<String> used = new TreeSet<>();
        for (Path file : new Path[] {Path.of("src/main/java/org/adoptionkiosk/hub/web").resolve("FleetPages.java"), Path.of("src/main/java/org/adoptionkiosk/hub/web").resolve("DeadLetterPages.java"),
                Path.of("src/main/jte").resolve("fleet.jte"), Path.of("src/main/jte").resolve("kiosk.jte"), Path.of("src/main/jte").resolve("dead-letters.jte"),
                Path.of("src/main/jte").resolve("dead-letter.jte")}) {
            Matcher m = ANY_KEY.matcher(Files.readString(file));
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
