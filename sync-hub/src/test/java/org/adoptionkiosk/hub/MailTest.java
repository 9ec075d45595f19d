package org.adoptionkiosk.hub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.adoptionkiosk.hub.accounts.Role;
import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.calendar.WorkingDays;
import org.adoptionkiosk.hub.followup.EnquiryStore;
import org.adoptionkiosk.hub.mail.Letters;
import org.adoptionkiosk.hub.mail.MailQueues;
import org.adoptionkiosk.hub.mail.MailScheduler;
import org.adoptionkiosk.hub.mail.MailSender;
import org.adoptionkiosk.hub.mail.MailSettings;
import org.adoptionkiosk.hub.routing.Route;
import org.adoptionkiosk.hub.web.Texts;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.adoptionkiosk.hub.TestRecords.BOOT;
import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The follow-up mail end to end, through a real SMTP server (GreenMail, in this JVM): a hub with its
 * embedded broker takes enquiries from a kiosk and emails their queues; a second instance (its own
 * pool, sender and scheduler on the same store, as another hub process would have them) runs beside
 * it. Time is the test's clock, so working days, the hour and the sender's backoff pass at once.
 * On H2 by default; on PostgreSQL in the build's second run of the hub tests.
 * <p>
 * The calendar: enquiries on Wednesday 20 May 2026; Monday 25 May is the spring bank holiday, so the
 * 3rd working day is Tuesday 26, the 4th Wednesday 27, and the due day Thursday 28 May.
 */
class MailTest {
    private static final ZoneId WALES = ZoneId.of("Europe/London");
    private static final String D = "kiosk-mail";
    private static final String NORTH = "north-enquiries@example.org";
    private static final String AGENCY = "st-davids-enquiries@example.org";
    private static final String CENTRAL = "adoption-central@example.org";
    private static final String PUBLIC_URL = "https://hub.example.org";
    private static final String AGENCY_ID = "st-davids-children-society";
    private static final Pattern LINK = Pattern.compile("/enquiries/" + D + "/([0-9a-f-]{36})");

    private final WireCodec codec = new WireCodec();
    private final TestClock clock = new TestClock(wales("2026-05-20T07:00"));
    private final Map<UUID, SealedPersonal> sealed = new HashMap<>();
    private final Map<UUID, String> names = new HashMap<>();

    @TempDir
    Path dir;
    private GreenMail smtp;
    private int smtpPort;
    private TestStore store;
    private Map<String, String> env;
    private HubFixture f;
    /** The second instance: its pool, sender and scheduler on the same store. */
    private HikariDataSource secondPool;
    private MailSender secondSender;
    private MailScheduler secondScheduler;
    private ExecutorService threads;
    private long seq;

    private static Instant wales(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(WALES).toInstant();
    }

    @BeforeEach
    void start() throws Exception {
        threads = Executors.newFixedThreadPool(2);
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        smtpPort = smtp.getSmtp().getPort();
        store = TestStore.open();
    }

    /** The Wales map with mailboxes for North Wales, one agency (in English only) and the central team. */
    private Path regions() throws Exception {
        ObjectNode wales;
        try (var in = RegionMap.class.getResourceAsStream(RegionMap.WALES_RESOURCE)) {
            wales = (ObjectNode) codec.mapper().readTree(in);
        }
        for (var r : wales.withArray("regions")) {
            if (r.path("id").asText().equals("north-wales")) {
                ((ObjectNode) r).putArray("mailboxes").add(NORTH);
            }
        }
        for (var a : wales.withArray("agencies")) {
            if (a.path("id").asText().equals(AGENCY_ID)) {
                ((ObjectNode) a).putArray("mailboxes").add(AGENCY);
                ((ObjectNode) a).put("mailLanguage", "en");
            }
        }
        ArrayNode central = wales.putArray("centralMailboxes");
        central.add(CENTRAL);
        Path file = dir.resolve("regions.json");
        Files.writeString(file, codec.mapper().writeValueAsString(wales));
        return file;
    }

    /** The hub, and (with {@code smtpOn}) the second instance, both sending to GreenMail. */
    private void hubs(boolean smtpOn) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("HUB_REGIONS", regions().toString(),
                "HUB_PUBLIC_URL", PUBLIC_URL));
        if (smtpOn) {
            settings.putAll(Map.of("HUB_SMTP_HOST", "127.0.0.1", "HUB_SMTP_PORT", String.valueOf(smtpPort),
                    "HUB_SMTP_SECURITY", "none", "HUB_MAIL_FROM", "adoption-hub@example.org"));
        }
        env = store.env(settings);
        f = new HubFixture(dir.resolve("one"), env, clock);
        secondPool = TestStore.postgres() ? store.dataSource(dir) : store.dataSource(dir.resolve("one"));
        RegionMap map = RegionMap.load(regions(), codec.mapper());
        MailSettings mail = HubConfig.parse(new String[0], env).mail();
        secondSender = new MailSender(secondPool, mail, clock);
        secondScheduler = new MailScheduler(secondPool, new MailQueues(map),
                new Letters(map, new Texts()::get, mail.publicUrl()), WorkingDays.englandAndWales(codec.mapper()),
                clock, mail.hour());
        f.addUser("north-staff", Role.REGIONAL, Route.REGION, "north-wales");
        f.addUser("vvc-staff", Role.REGIONAL, Route.REGION, "vale-valleys-cardiff");
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        try {
            if (f != null) {
                f.close();
            }
            if (secondPool != null) {
                secondPool.close();
            }
        } finally {
            smtp.stop();
            store.close();
        }
    }

    /** An enquiry as a kiosk makes it, its details sealed to the hub's key; remembered for the privacy check. */
    private KioskRecord enquiry(String council, String agency, String name) throws Exception {
        UUID id = UUID.randomUUID();
        Map<String, Object> fields = new HashMap<>();
        fields.put("localAuthority", council);
        fields.put("topic", "adopting");
        fields.put("contactConsent", true);
        fields.put("privacyVersion", "2026-11");
        fields.put("preferredContact", "email");
        if (agency != null) {
            fields.put("agency", agency);
        }
        String local = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ".");
        SealedPersonal person = new SealedPersonal(name, local + "@personal-example.net",
                "07700 9" + String.format("%05d", 10_000 + seq), "LL55 " + (seq + 1) + "TY",
                "Rydym ni'n ystyried mabwysiadu brodyr a chwiorydd, " + name);
        sealed.put(id, person);
        names.put(id, name);
        seq++;
        return new KioskRecord(id, seq, RecordType.ENQUIRY, clock.instant().minusSeconds(600), BOOT, seq,
                "eisteddfod-2026", Lang.CY, WireCodec.SCHEMA, fields,
                new TestSealer(f.hub.publicKeyFile()).seal(person, id));
    }

    private void send(List<KioskRecord> records) throws Exception {
        try (RawMqtt kiosk = f.kiosk(D)) {
            assertEquals(records.size(), f.sendAndAwaitAck(kiosk, batch(D, records)).accepted().size());
        }
    }

    /** One email as it arrived: to whom, its kind, the enquiry it is about ("-" for a digest), its parts. */
    private record Got(String to, String kind, String record, String subject, String contentType, String text,
                       String html, String headers, String raw) {
        String key() {
            return to + " " + kind + " " + record;
        }
    }

    private List<Got> received() throws Exception {
        List<Got> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            String text = null;
            String html = null;
            MimeMultipart parts = (MimeMultipart) m.getContent();
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart p = parts.getBodyPart(i);
                if (p.isMimeType("text/plain")) {
                    text = (String) p.getContent();
                } else if (p.isMimeType("text/html")) {
                    html = (String) p.getContent();
                }
            }
            StringBuilder headers = new StringBuilder();
            for (Enumeration<Header> e = m.getAllHeaders(); e.hasMoreElements(); ) {
                Header h = e.nextElement();
                headers.append(h.getName()).append(": ").append(MimeUtility.decodeText(h.getValue())).append('\n');
            }
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            m.writeTo(raw);
            String kind = m.getHeader("X-Adoption-Hub-Mail", null);
            Matcher link = LINK.matcher(text == null ? "" : text);
            String record = kind.equals("digest") || !link.find() ? "-" : names.get(UUID.fromString(link.group(1)));
            out.add(new Got(m.getRecipients(Message.RecipientType.TO)[0].toString(), kind, record, m.getSubject(),
                    m.getContentType(), text, html, headers.toString(), raw.toString(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static Map<String, Integer> count(List<Got> mails) {
        Map<String, Integer> out = new TreeMap<>();
        for (Got g : mails) {
            out.merge(g.key(), 1, Integer::sum);
        }
        return out;
    }

    private static Map<String, Integer> expected(String... keys) {
        Map<String, Integer> out = new TreeMap<>();
        for (String k : keys) {
            out.merge(k, 1, Integer::sum);
        }
        return out;
    }

    /**
     * Both instances write the day's messages and send what is due, at once; then what arrived since
     * {@code before} must be exactly {@code expected}, and another round of both adds nothing.
     */
    private Map<String, Integer> dayRound(Map<String, Integer> before, Map<String, Integer> expected) throws Exception {
        together(() -> f.hub.mail().scheduler().runIfDue(), () -> secondScheduler.runIfDue());
        together(() -> f.hub.mail().sender().sendDue(), () -> secondSender.sendDue());
        Map<String, Integer> want = new TreeMap<>(before);
        expected.forEach((k, v) -> want.merge(k, v, Integer::sum));
        Map<String, Integer> got = Await.until("the day's emails " + expected.keySet(), () -> count(received()),
                want::equals);
        together(() -> f.hub.mail().sender().sendDue(), () -> secondSender.sendDue());
        together(() -> f.hub.mail().scheduler().runIfDue(), () -> secondScheduler.runIfDue());
        together(() -> f.hub.mail().sender().sendDue(), () -> secondSender.sendDue());
        assertEquals(want, count(received()), "nothing twice");
        assertEquals(0, waiting(), "nothing left waiting");
        return got;
    }

    private interface Work {
        Object run() throws Exception;
    }

    private void together(Work a, Work b) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<?>> all = new ArrayList<>();
        for (Work w : List.of(a, b)) {
            all.add(threads.submit(() -> {
                barrier.await();
                return w.run();
            }));
        }
        for (Future<?> fu : all) {
            fu.get(60, TimeUnit.SECONDS);
        }
    }

    private long waiting() throws SQLException {
        return count("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND cancelled_at IS NULL");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = f.hub.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private UUID id(KioskRecord r) {
        return r.id();
    }

    private EnquiryStore enquiries() {
        return new EnquiryStore(f.hub.dataSource(), new AuditLog(f.hub.dataSource(), clock), clock);
    }

    private static final User NORTH_STAFF = new User("north-staff", Role.REGIONAL, Route.REGION, "north-wales");

    /**
     * The arrival emails reach the right queue's mailbox by themselves (the hub's own sender, soon
     * after the ack), and say what they should in Welsh first, or in English alone for the queue that
     * asked for it. Then, day by day across the weekend and the bank holiday, with both instances at
     * work: the reminders, the escalation and the digests go out on the right working days, each once,
     * and stop for the enquiry that had its first response. No email holds anything the visitor gave.
     */
    @Test
    void arrivalRemindersEscalationAndDigestsOnTheRightWorkingDaysOnceWithTwoInstances() throws Exception {
        hubs(true);
        KioskRecord e1 = enquiry("gwynedd", null, "Eluned Prydderch");
        KioskRecord e2 = enquiry("conwy", null, "Gruffydd Ashworth");
        KioskRecord e3 = enquiry("wrexham", null, "Morwenna Tregaron");
        KioskRecord e4 = enquiry("cardiff", AGENCY_ID, "Cadfael Winterbourne");
        send(List.of(e1, e2, e3, e4));

        // No explicit round: the hub's own sender takes them within seconds of the ack.
        Map<String, Integer> seen = Await.until("the arrival emails", () -> count(received()),
                expected(NORTH + " arrival Eluned Prydderch", NORTH + " arrival Gruffydd Ashworth",
                        NORTH + " arrival Morwenna Tregaron", AGENCY + " arrival Cadfael Winterbourne")::equals);

        Got arrival = received().stream().filter(g -> g.record().equals("Eluned Prydderch")).findFirst().orElseThrow();
        assertTrue(arrival.contentType().startsWith("multipart/alternative"), arrival.contentType());
        assertNotNull(arrival.text());
        assertNotNull(arrival.html());
        assertEquals("Ymholiad newydd: Gogledd Cymru / New enquiry: North Wales", arrival.subject());
        for (String says : List.of("Gwasanaeth Mabwysiadu Cenedlaethol", "National Adoption Service", "Gogledd Cymru",
                "North Wales", "Gwynedd", "Mabwysiadu", "Adopting", "eisteddfod-2026", "dydd Iau 28 Mai 2026",
                "Thursday 28 May 2026", PUBLIC_URL + "/enquiries/" + D + "/" + e1.id())) {
            assertTrue(arrival.text().contains(says), says + " in\n" + arrival.text());
            assertTrue(arrival.html().contains(says), says + " in\n" + arrival.html());
        }
        assertTrue(arrival.text().indexOf("Ymholiad newydd") < arrival.text().indexOf("A new enquiry"), "Welsh first");
        Got agency = received().stream().filter(g -> g.to().equals(AGENCY)).findFirst().orElseThrow();
        assertFalse(agency.text().contains("Ymholiad"), "the agency asked for English only:\n" + agency.text());
        assertTrue(agency.text().contains("St David's Children Society"), agency.text());
        enquiries().claim(NORTH_STAFF, D, id(e2));

        // Thursday 21 and Friday 22: the 1st and 2nd working days, digests only.
        clock.set(wales("2026-05-21T08:30"));
        seen = dayRound(seen, expected(NORTH + " digest -", AGENCY + " digest -"));
        clock.set(wales("2026-05-22T08:30"));
        seen = dayRound(seen, expected(NORTH + " digest -", AGENCY + " digest -"));
        // The weekend and the bank holiday: nothing at all.
        for (String day : List.of("2026-05-23T08:30", "2026-05-24T12:00", "2026-05-25T08:30", "2026-05-25T17:00")) {
            clock.set(wales(day));
            seen = dayRound(seen, Map.of());
        }
        // Tuesday 26, before the hour: nothing yet.
        clock.set(wales("2026-05-26T07:59"));
        seen = dayRound(seen, Map.of());
        // Tuesday 26: the 3rd working day. Reminders for the enquiries nobody has claimed.
        clock.set(wales("2026-05-26T08:00"));
        seen = dayRound(seen, expected(NORTH + " reminder-unclaimed Eluned Prydderch",
                NORTH + " reminder-unclaimed Morwenna Tregaron", AGENCY + " reminder-unclaimed Cadfael Winterbourne",
                NORTH + " digest -", AGENCY + " digest -"));
        clock.set(wales("2026-05-26T11:00"));
        enquiries().respond(NORTH_STAFF, D, id(e3), LocalDate.parse("2026-05-26"), "phone");
        // Wednesday 27: the 4th. Reminders for every one still unanswered, claimed or not; none for e3.
        clock.set(wales("2026-05-27T09:15"));
        seen = dayRound(seen, expected(NORTH + " reminder-claimed Eluned Prydderch",
                NORTH + " reminder-claimed Gruffydd Ashworth", AGENCY + " reminder-claimed Cadfael Winterbourne",
                NORTH + " digest -", AGENCY + " digest -"));
        Got claimed = received().stream().filter(g -> g.kind().equals("reminder-claimed")
                && g.record().equals("Gruffydd Ashworth")).findFirst().orElseThrow();
        assertTrue(claimed.text().contains("north-staff"), "says who claimed it:\n" + claimed.text());
        // Thursday 28: the due day. The central team is told of each one still unanswered.
        clock.set(wales("2026-05-28T08:05"));
        seen = dayRound(seen, expected(CENTRAL + " escalation Eluned Prydderch",
                CENTRAL + " escalation Gruffydd Ashworth", CENTRAL + " escalation Cadfael Winterbourne",
                NORTH + " digest -", AGENCY + " digest -"));
        Got dueDigest = received().stream().filter(g -> g.to().equals(NORTH) && g.kind().equals("digest"))
                .filter(g -> g.text().contains("Gogledd Cymru, dydd Iau 28 Mai 2026.")).findFirst().orElseThrow();
        assertTrue(dueDigest.text().contains("Due today (2)"), dueDigest.text());
        assertTrue(dueDigest.text().contains("Yn ddyledus heddiw (2)"), dueDigest.text());
        // Friday 29: overdue now; digests only, no more reminders or escalations.
        clock.set(wales("2026-05-29T08:05"));
        seen = dayRound(seen, expected(NORTH + " digest -", AGENCY + " digest -"));
        Got overdue = received().stream().filter(g -> g.to().equals(NORTH) && g.kind().equals("digest"))
                .filter(g -> g.text().contains("Friday 29 May 2026")).findFirst().orElseThrow();
        assertTrue(overdue.text().contains("Overdue (2)"), overdue.text());
        assertTrue(overdue.subject().contains("2 overdue"), overdue.subject());

        assertNoPersonalData(received());
    }

    /** Nothing the visitor gave, in any form, anywhere in any email: subject, headers, either part, the raw source. */
    private void assertNoPersonalData(List<Got> mails) {
        assertFalse(mails.isEmpty());
        for (Got g : mails) {
            String all = g.subject() + "\n" + g.headers() + "\n" + g.text() + "\n" + g.html() + "\n" + g.raw();
            String lower = all.toLowerCase(Locale.ROOT);
            assertFalse(lower.contains("sync hub"), "never the internal name:\n" + g.subject());
            for (SealedPersonal p : sealed.values()) {
                List<String> secrets = new ArrayList<>(List.of(p.name(), p.email(), p.phone(),
                        p.phone().replace(" ", ""), p.postcode(), p.postcode().replace(" ", ""), p.message(),
                        p.email().substring(0, p.email().indexOf('@'))));
                Collections.addAll(secrets, p.name().split(" "));
                for (String secret : secrets) {
                    assertFalse(lower.contains(secret.toLowerCase(Locale.ROOT)),
                            "'" + secret + "' in the " + g.kind() + " email to " + g.to());
                }
            }
        }
    }

    /**
     * The SMTP server away for over an hour by the clock, with the day's messages already written:
     * every try fails and is kept (visible on the mail page), tried again after a backoff; the
     * reminder of the enquiry answered meanwhile is cancelled. Back again: every message arrives once.
     */
    @Test
    void theSmtpServerAwayForAnHourThenBackEveryMessageArrivesOnce() throws Exception {
        hubs(true);
        KioskRecord e1 = enquiry("gwynedd", null, "Eluned Prydderch");
        KioskRecord e4 = enquiry("cardiff", AGENCY_ID, "Cadfael Winterbourne");
        send(List.of(e1, e4));
        Await.until("the arrival emails", () -> received().size() == 2);

        smtp.stop();
        clock.set(wales("2026-05-26T08:30"));
        together(() -> f.hub.mail().scheduler().runIfDue(), () -> secondScheduler.runIfDue());
        assertEquals(4, waiting(), "two reminders and two digests written");
        together(() -> f.hub.mail().sender().sendDue(), () -> secondSender.sendDue());
        assertEquals(4, count("SELECT COUNT(*) FROM mail_outbox WHERE attempts = 1 AND sent_at IS NULL"
                + " AND last_error IS NOT NULL"), "each tried once, by one instance, its error kept");

        HttpResponse<String> page = f.get("/mail");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("MailConnectException"), page.body());
        assertTrue(page.body().contains(NORTH), page.body());
        assertFalse(page.body().contains("mail-notice-off"), "mail is on, only failing");

        // Answered while the server is away: its reminder must never go.
        enquiries().respond(new User("central-test", Role.CENTRAL, null, null), D, id(e4), LocalDate.parse("2026-05-26"),
                "email");
        for (int minutes = 10; minutes <= 70; minutes += 10) {
            clock.advance(Duration.ofMinutes(10));
            together(() -> f.hub.mail().sender().sendDue(), () -> secondSender.sendDue());
        }
        assertTrue(count("SELECT MIN(attempts) FROM mail_outbox WHERE sent_at IS NULL AND cancelled_at IS NULL") >= 4,
                "tried again and again while away");
        assertEquals(1, count("SELECT COUNT(*) FROM mail_outbox WHERE cancelled_at IS NOT NULL"));
        assertEquals(2, count("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL"), "nothing sent while away");

        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        clock.advance(Duration.ofMinutes(61));
        together(() -> f.hub.mail().sender().sendDue(), () -> secondSender.sendDue());
        Map<String, Integer> want = expected(NORTH + " reminder-unclaimed Eluned Prydderch", NORTH + " digest -",
                AGENCY + " digest -");
        Await.until("every message once", () -> count(received()), want::equals);
        clock.advance(Duration.ofHours(2));
        together(() -> f.hub.mail().sender().sendDue(), () -> secondSender.sendDue());
        assertEquals(want, count(received()), "once each");
        assertEquals(0, waiting());
        assertNoPersonalData(received());
    }

    /**
     * Without SMTP nothing is lost: the arrival email waits in the outbox, the dashboard says mail is
     * off, and a queue with no mailbox says so. An instance with SMTP then sends what waited.
     */
    @Test
    void withoutSmtpMessagesWaitAndTheDashboardSaysMailIsOff() throws Exception {
        hubs(false);
        KioskRecord e1 = enquiry("gwynedd", null, "Eluned Prydderch");
        KioskRecord e5 = enquiry("cardiff", null, "Ceri Vale");
        send(List.of(e1, e5));
        assertEquals(1, waiting(), "North Wales has a mailbox, Vale, Valleys and Cardiff none");
        assertEquals(0, count("SELECT COUNT(*) FROM mail_outbox WHERE attempts > 0"));

        HubSession north = f.session("north-staff");
        String northQueue = north.get("/enquiries").body();
        assertTrue(northQueue.contains("id=\"mail-notice-off\""), northQueue);
        assertFalse(northQueue.contains("id=\"mail-notice-no-mailbox\""), northQueue);
        String vvcQueue = f.session("vvc-staff").get("/enquiries").body();
        assertTrue(vvcQueue.contains("id=\"mail-notice-no-mailbox\""), vvcQueue);
        String mailPage = f.get("/mail").body();
        assertTrue(mailPage.contains("id=\"mail-notice-off\""), mailPage);
        assertTrue(mailPage.contains(NORTH), mailPage);
        assertEquals(403, north.get("/mail").statusCode(), "the mail page is the central team's");
        String welsh = f.get("/mail").body();
        assertTrue(welsh.contains("Negeseuon yn aros: 1.") || welsh.contains("Messages waiting: 1."), welsh);

        MailSettings on = HubConfig.parse(new String[] {"--smtp-host", "127.0.0.1", "--smtp-port",
                String.valueOf(smtpPort), "--smtp-security", "none", "--mail-from", "adoption-hub@example.org",
                "--public-url", PUBLIC_URL}, Map.of()).mail();
        new MailSender(secondPool, on, clock).sendDue();
        Await.until("the email that waited", () -> count(received()),
                expected(NORTH + " arrival Eluned Prydderch")::equals);
        assertEquals(0, waiting());
    }
}
