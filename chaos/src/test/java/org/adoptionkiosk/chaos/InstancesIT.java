package org.adoptionkiosk.chaos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.adoptionkiosk.protocol.DeviceStatus;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.HubSession;
import org.adoptionkiosk.testkit.RawMqtt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * One hub, three instances: real processes with data folders of their own on one PostgreSQL schema
 * and a real Mosquitto, the second and third started from copies of the first one's key files. Two
 * kiosks capture and drain while a signed-in member of staff works the dashboard of every instance,
 * and one instance is killed -9 and started again in the middle of it.
 *
 * <p>Then: every capture is at the hub exactly once (the chaos checks), every enquiry opens on
 * every instance, an erasure request made at any instance finds each person whoever indexed them,
 * wrong passwords typed at three instances at once are counted and never fail, a revoked kiosk's
 * status is dead-lettered once however many instances received it, a fourth instance started on an
 * empty folder refuses with one line saying which files to copy and makes no keys, and no
 * instance's log holds a duplicate-key error or a failed index or retention step.
 */
class InstancesIT {
    private static final int HUBS = 3;
    private static final int KIOSKS = 2;
    private static final int CAPTURES = 300;
    private static final Pattern FOUND = Pattern.compile("id=\"erasure-found\"[^>]*>\\D*(\\d+)");
    private static final Pattern DONE = Pattern.compile("id=\"erasure-done\"[^>]*>\\D*(\\d+)");
    /** What no instance's log may hold. */
    private static final Pattern BAD_LOG = Pattern.compile(
            "(?i)duplicate key|unique constraint|unique index|23505|person index step failed|retention run failed"
                    + "|could not be opened|catch up");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void threeInstancesOneIdentityOneKilledWhileKiosksDrainAndStaffWork() throws Exception {
        Rig.requireServices();
        long seed = FaultSchedule.seed();
        System.out.println("[chaos] InstancesIT seed " + seed + ": " + HUBS + " hubs, " + KIOSKS + " kiosks, "
                + CAPTURES + " captures, one hub SIGKILLed and restarted");
        try (Rig rig = Rig.start("instances", seed, HUBS, KIOSKS, 5_000)) {
            List<String> problems = new ArrayList<>();
            Staff staff = Staff.signIn(rig.store, rig.hubs);
            wrongPasswordsAtEveryInstanceAtOnce(rig, problems);
            int revokedStatuses = revokedKioskSendsStatuses(rig);

            Ledger ledger = new Ledger();
            boolean ids = rig.probeClientIds(rig.kiosks.get(0), ledger);
            // About 30 s of captures: the kill and the restart both come while the kiosks still send.
            CaptureLoad load = new CaptureLoad(rig.kiosks, 2, 150, 450, ids, ledger, CAPTURES - 1);
            rig.timeline.add("note", "visitors", "start");
            load.start();
            staff.start();
            HubProcess victim = rig.hubs.get(1 + (int) Math.floorMod(seed, HUBS - 1));
            Await.atMost(Duration.ofSeconds(90)).every(Duration.ofMillis(50))
                    .showing(() -> ledger.answeredCount() + " answered")
                    .until(CAPTURES / 3 + " captures answered", () -> ledger.answeredCount() >= CAPTURES / 3);
            rig.timeline.add("hub-kill", victim.instanceId, "SIGKILL");
            victim.kill();
            Await.atMost(Duration.ofSeconds(60)).every(Duration.ofMillis(50))
                    .showing(() -> ledger.answeredCount() + " answered")
                    .until("the other hubs to take on more captures", () -> ledger.answeredCount() >= CAPTURES / 2);
            victim.start();
            rig.timeline.add("hub-start", victim.instanceId, "start " + victim.starts());
            boolean clientsDone = load.join(Duration.ofSeconds(90));
            boolean drained = rig.awaitDrained(Duration.ofSeconds(60));
            Duration drain = drained ? Duration.between(rig.timeline.lastFault().at(), Instant.now()) : null;
            String drainState = drained ? "" : rig.drainState();
            Await.atMost(Duration.ofSeconds(30)).showing(() -> staff.opened() + " opened")
                    .until("the staff to open enquiries", () -> staff.opened() >= HUBS);
            staff.close();
            problems.addAll(staff.problems());
            rig.timeline.add("note", "staff", staff.opened() + " enquiries opened, " + staff.passedBy()
                    + " times an instance was down");

            everyEnquiryOpensOnEveryInstance(rig, staff, ledger, problems);
            erasureFindsEachPersonAtAnyInstance(rig, staff, ledger, problems);
            long revokedLetters = rig.store.deadLetters().stream().filter(d -> REVOKED.equals(d.deviceId())).count();
            if (revokedLetters != revokedStatuses) {
                problems.add("the revoked kiosk sent " + revokedStatuses + " statuses, each to " + HUBS
                        + " instances: " + revokedLetters + " dead letters (one each expected)");
            }
            aFourthInstanceOnAnEmptyFolderRefuses(rig, problems);
            for (HubProcess h : rig.hubs) {
                for (String line : Files.readAllLines(h.log(), StandardCharsets.UTF_8)) {
                    if (BAD_LOG.matcher(line).find()) {
                        problems.add(h.instanceId + "'s log: " + line);
                    }
                }
            }

            ObjectNode report = ChaosReport.mapper().createObjectNode();
            rig.describe(report, ledger, List.of(victim.instanceId + " SIGKILL once a third of the captures were "
                    + "answered, started again at half"));
            report.put("enquiriesOpenedByStaff", staff.opened());
            Findings findings = rig.verify(ledger, ids, report);
            problems.forEach(p -> findings.problem("several instances", p));
            if (!drained) {
                findings.problem("drain incomplete", "the kiosks' outboxes were not empty 60 s after the captures:"
                        + drainState);
            }
            if (!clientsDone) {
                findings.problem("capture clients stuck", "some capture clients were still waiting for answers");
            }
            report.setAll(findings.toJson());
            report.put("passed", findings.ok());
            Path file = ChaosReport.write("instances", report);
            ChaosIT.summary(rig, ledger, findings, drain, file);
            if (!findings.ok()) {
                rig.keepFiles();
                fail(findings.message("InstancesIT", seed) + "\n  report: " + file + "\n  files: " + rig.dir);
            }
        }
    }

    /** Two wrong passwords for one name at each instance, all at once: each answered 401, none 500. */
    private static void wrongPasswordsAtEveryInstanceAtOnce(Rig rig, List<String> problems) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * HUBS);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 2 * HUBS; i++) {
                int port = rig.hubs.get(i % HUBS).httpPort;
                answers.add(pool.submit(() -> HubSession.anonymous(port)
                        .tryToSignIn("someone-guessing", "not the password").statusCode()));
            }
            for (Future<Integer> a : answers) {
                int status = a.get(60, TimeUnit.SECONDS);
                if (status != 401) {
                    problems.add("a wrong password typed at several instances at once answered " + status);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(rig.store.hubJdbcUrl(), rig.store.user, "");
             PreparedStatement ps = c.prepareStatement(
                     "SELECT failures, locks FROM login_throttle WHERE throttle_key = 'user:someone-guessing'");
             ResultSet rs = ps.executeQuery()) {
            // Five wrong ones lock the name and start the count again: six are one lock and one failure.
            if (!rs.next() || rs.getInt(1) != 1 || rs.getInt(2) != 1) {
                problems.add("six wrong passwords at three instances were not counted as six");
            }
        }
    }

    static final String REVOKED = "chaos-revoked-kiosk";

    /** A revoked kiosk (still able to reach the broker) sends three statuses; every instance receives each. */
    private static int revokedKioskSendsStatuses(Rig rig) throws Exception {
        try (Connection c = DriverManager.getConnection(rig.store.hubJdbcUrl(), rig.store.user, "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO device_registry (device_id, region, registered_at,"
                     + " revoked_at) VALUES (?, 'north-wales', ?, ?)")) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            ps.setString(1, REVOKED);
            ps.setObject(2, now.minusDays(30));
            ps.setObject(3, now.minusDays(1));
            ps.executeUpdate();
        }
        WireCodec codec = new WireCodec();
        int sent = 3;
        try (RawMqtt kiosk = new RawMqtt(rig.broker.url())) {
            for (int i = 0; i < sent; i++) {
                DeviceStatus s = new DeviceStatus(REVOKED, true, (long) i, null, null, null, "1.0.0", null, null, null,
                        null, Instant.now().plusMillis(i), "event", 0, null, 0L, null, null, null, "north-wales", null,
                        null, null);
                kiosk.publish(Topics.status(REVOKED), codec.encode(s));
            }
        }
        rig.timeline.add("note", REVOKED, sent + " statuses sent by a revoked kiosk");
        return sent;
    }

    /** Each enquiry answered to a visitor opens, with their email, at every instance. */
    private static void everyEnquiryOpensOnEveryInstance(Rig rig, Staff staff, Ledger ledger, List<String> problems)
            throws Exception {
        Map<UUID, String> emails = new HashMap<>();
        ledger.answered().forEach(a -> emails.put(a.id(), a.email()));
        List<String[]> enquiries = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(rig.store.hubJdbcUrl(), rig.store.user, "");
             PreparedStatement ps = c.prepareStatement("SELECT device_id, record_id FROM enquiries");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                enquiries.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        if (enquiries.isEmpty()) {
            problems.add("no enquiries at the hub to open");
        }
        for (int h = 0; h < HUBS; h++) {
            for (String[] e : enquiries) {
                String email = emails.get(UUID.fromString(e[1]));
                HttpResponse<String> page = staff.at(h).get("/enquiries/" + e[0] + "/" + e[1]);
                if (page.statusCode() != 200 || (email != null && !page.body().contains(email))) {
                    problems.add(rig.hubs.get(h).instanceId + " could not open enquiry " + e[0] + "/" + e[1]
                            + " (" + page.statusCode() + (page.body().contains("personal-unreadable")
                            ? ", the sealed part does not open with its key" : "") + ")");
                }
            }
        }
        rig.timeline.add("note", "staff", enquiries.size() + " enquiries opened at each of " + HUBS + " instances");
    }

    /**
     * Every visitor answered is found by an erasure request at one instance or another (the person
     * index is built by all three, each taking its share); a few are erased there, and their
     * enquiries then show as erased at another instance.
     */
    private static void erasureFindsEachPersonAtAnyInstance(Rig rig, Staff staff, Ledger ledger, List<String> problems)
            throws Exception {
        List<Ledger.Answered> answered = ledger.answered();
        int erased = 0;
        for (int i = 0; i < answered.size(); i++) {
            Ledger.Answered a = answered.get(i);
            HubSession at = staff.at(i % HUBS);
            int found = number(FOUND, at.post("/erasure/find", Map.of("email", a.email(), "phone", "")));
            if (found != 1) {
                problems.add("an erasure request at " + rig.hubs.get(i % HUBS).instanceId + " found " + found
                        + " record(s) for " + a.deviceId() + "'s record " + a.id() + " (1 expected)");
            } else if (i % 25 == 0) {
                int done = number(DONE, at.post("/erasure/erase", Map.of("email", a.email(), "phone", "",
                        "confirm", "yes")));
                if (done != 1) {
                    problems.add("erasing " + a.id() + " erased " + done + " record(s)");
                }
                erased++;
                HubSession other = staff.at((i + 1) % HUBS);
                if (number(FOUND, other.post("/erasure/find", Map.of("email", a.email(), "phone", ""))) != 0) {
                    problems.add("a person erased at one instance is still found at another");
                }
            }
        }
        rig.timeline.add("note", "staff", answered.size() + " people looked for with an erasure request, " + erased
                + " erased");
    }

    private static int number(Pattern p, HttpResponse<String> page) throws IOException {
        Matcher m = p.matcher(page.body());
        if (page.statusCode() != 200 || !m.find()) {
            throw new IOException("the erasure page answered " + page.statusCode() + " without a count");
        }
        return Integer.parseInt(m.group(1));
    }

    /** An instance started on an empty folder against this store: refused in one line, no keys made. */
    private static void aFourthInstanceOnAnEmptyFolderRefuses(Rig rig, List<String> problems) throws Exception {
        HubProcess stranger = HubProcess.create(rig.dir, "chaos-hub-stranger", rig.broker.url(),
                rig.store.hubJdbcUrl(), rig.store.user, null);
        try {
            stranger.start();
            problems.add("an instance with an empty data folder started on a store that has keys: it made its own");
        } catch (AssertionError refused) {
            String log = Files.readString(stranger.log(), StandardCharsets.UTF_8);
            if (!log.contains("sync-hub could not start: ") || !log.contains(" is not in " + stranger.dataDir)
                    || !log.contains("copy the hub-*.keyset*.json key files from that folder")
                    || !log.contains(rig.hubs.get(0).dataDir.toString())) {
                problems.add("the instance with an empty folder did not say which files to copy from where:\n"
                        + stranger.tail(5));
            }
        } finally {
            stranger.stop(20);
        }
        rig.timeline.add("note", stranger.instanceId, "started on an empty folder: " + stranger.tail(1));
        try (var files = Files.list(stranger.dataDir)) {
            List<String> keys = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hub-")).toList();
            if (!keys.isEmpty()) {
                problems.add("the instance on an empty folder made key files: " + keys);
            }
        } catch (java.nio.file.NoSuchFileException none) {
            // not even the folder: fine
        }
    }
}
