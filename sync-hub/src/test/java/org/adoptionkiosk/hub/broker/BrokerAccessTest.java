package org.adoptionkiosk.hub.broker;

import io.moquette.broker.subscriptions.Topic;
import org.adoptionkiosk.hub.accounts.Passwords;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The embedded broker's rules on their own: who gets in, and the ACL, topic by topic. */
class BrokerAccessTest {
    private static final Passwords CHEAP = new Passwords(new SecureRandom(), 4);
    private static final String HUB_PASSWORD = "the hub's password for this run";

    private final Map<String, String> hashes = new ConcurrentHashMap<>();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final BrokerAccess access = new BrokerAccess(HUB_PASSWORD, d -> Optional.ofNullable(hashes.get(d)),
            nanos::get);

    private static byte[] b(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static Topic t(String topic) {
        return Topic.asTopic(topic);
    }

    @Test
    void theHubGetsInWithItsPasswordOnly() {
        assertTrue(access.checkValid("hub-a", BrokerAccess.HUB_USER, b(HUB_PASSWORD)));
        assertFalse(access.checkValid("hub-a", BrokerAccess.HUB_USER, b(HUB_PASSWORD + "!")));
        assertFalse(access.checkValid("hub-a", BrokerAccess.HUB_USER, null));
        assertFalse(access.checkValid("hub-a", null, b(HUB_PASSWORD)));
        assertFalse(access.checkValid("hub", "hub", b(HUB_PASSWORD)), "its password is not anyone else's");
        assertThrows(IllegalArgumentException.class, () -> new BrokerAccess("short", d -> Optional.empty()));
    }

    @Test
    void aDeviceGetsInWithItsOwnPasswordAndClientIdWhileItsRowAllowsIt() {
        hashes.put("kiosk-a", CHEAP.hash("password of kiosk a"));
        hashes.put("kiosk-a-2", CHEAP.hash("password of kiosk a 2"));
        assertTrue(access.checkValid("kiosk-a", "kiosk-a", b("password of kiosk a")));
        assertTrue(access.checkValid("kiosk-a:raw-1", "kiosk-a", b("password of kiosk a")), "id and a colon");
        assertFalse(access.checkValid("kiosk-a-2", "kiosk-a", b("password of kiosk a")), "another device's client id");
        assertFalse(access.checkValid("kiosk-a-x", "kiosk-a", b("password of kiosk a")));
        assertFalse(access.checkValid("hub-test", "kiosk-a", b("password of kiosk a")), "the hub's client id");
        assertFalse(access.checkValid("kiosk-a", "kiosk-a", b("password of kiosk a 2")));
        assertFalse(access.checkValid("kiosk-b", "kiosk-b", b("password of kiosk a")), "not registered");
        assertFalse(access.checkValid("Kiosk-A", "Kiosk-A", b("password of kiosk a")), "not a device id");

        // Verified once (and remembered), a wrong password is still wrong...
        assertTrue(access.checkValid("kiosk-a", "kiosk-a", b("password of kiosk a")));
        assertFalse(access.checkValid("kiosk-a", "kiosk-a", b("password of kiosk b")));
        // ...a new password shuts the old one out at once...
        hashes.put("kiosk-a", CHEAP.hash("new password of kiosk a"));
        assertFalse(access.checkValid("kiosk-a", "kiosk-a", b("password of kiosk a")));
        assertTrue(access.checkValid("kiosk-a", "kiosk-a", b("new password of kiosk a")));
        // ...and so does a revocation (the registry answers nothing for a revoked device).
        hashes.remove("kiosk-a");
        assertFalse(access.checkValid("kiosk-a", "kiosk-a", b("new password of kiosk a")));
        hashes.put("kiosk-a", CHEAP.hash("new password of kiosk a"));
        nanos.addAndGet(BrokerAccess.VERIFIED_FOR.toNanos() + 1);
        assertTrue(access.checkValid("kiosk-a", "kiosk-a", b("new password of kiosk a")), "checked in full again");
    }

    @Test
    void aStoreThatCannotBeReadLetsNoDeviceIn() {
        BrokerAccess broken = new BrokerAccess(HUB_PASSWORD, d -> {
            throw new java.sql.SQLException("connection refused");
        });
        assertFalse(broken.checkValid("kiosk-a", "kiosk-a", b("anything at all")));
        assertTrue(broken.checkValid("hub-a", BrokerAccess.HUB_USER, b(HUB_PASSWORD)), "the hub itself still gets in");
    }

    @Test
    void aDeviceWritesItsRecordsAndStatusAndReadsItsAckAndConfigOnly() {
        String d = "kiosk-a";
        assertTrue(access.canWrite(t("kiosk/v1/kiosk-a/records"), d, d));
        assertTrue(access.canWrite(t("kiosk/v1/kiosk-a/status"), d, d));
        assertTrue(access.canRead(t("kiosk/v1/kiosk-a/ack"), d, d));
        assertTrue(access.canRead(t("kiosk/v1/kiosk-a/config"), d, d));
        for (String no : new String[] {"kiosk/v1/kiosk-a/ack", "kiosk/v1/kiosk-a/config", "kiosk/v1/kiosk-b/records",
                "kiosk/v1/kiosk-b/status", "kiosk/v1/kiosk-a/other", "kiosk/v1/kiosk-a", "bench/wire/x", "other"}) {
            assertFalse(access.canWrite(t(no), d, d), "write " + no);
        }
        for (String no : new String[] {"kiosk/v1/kiosk-a/records", "kiosk/v1/kiosk-a/status", "kiosk/v1/kiosk-b/ack",
                "kiosk/v1/kiosk-b/config", "kiosk/v1/+/ack", "kiosk/v1/+/config", "kiosk/v1/kiosk-a/#",
                "kiosk/v1/kiosk-a/+", "kiosk/v1/#", "#", "+/v1/kiosk-a/ack"}) {
            assertFalse(access.canRead(t(no), d, d), "read " + no);
        }
        assertFalse(access.canWrite(t("kiosk/v1/kiosk-a/records"), null, d), "no user, nothing");
        assertFalse(access.canRead(t("kiosk/v1/kiosk-a/ack"), null, d));
        assertFalse(access.canRead(t("kiosk/v1/Bad/ack"), "Bad", "Bad"));
    }

    @Test
    void theHubReadsRecordsAndStatusesAndWritesAcksAndConfigs() {
        String hub = BrokerAccess.HUB_USER;
        for (String yes : new String[] {"kiosk/v1/+/records", "kiosk/v1/+/status", "kiosk/v1/kiosk-a/records",
                "kiosk/v1/kiosk-a/status"}) {
            assertTrue(access.canRead(t(yes), hub, "hub-x"), "read " + yes);
        }
        for (String no : new String[] {"#", "kiosk/v1/#", "kiosk/v1/+/ack", "kiosk/v1/kiosk-a/config", "other/x"}) {
            assertFalse(access.canRead(t(no), hub, "hub-x"), "read " + no);
        }
        assertTrue(access.canWrite(t("kiosk/v1/kiosk-a/ack"), hub, "hub-x"));
        assertTrue(access.canWrite(t("kiosk/v1/kiosk-a/config"), hub, "hub-x"));
        for (String no : new String[] {"kiosk/v1/kiosk-a/records", "kiosk/v1/kiosk-a/status", "kiosk/v1/BAD/ack",
                "kiosk/v1/x/y/ack", "other/ack"}) {
            assertFalse(access.canWrite(t(no), hub, "hub-x"), "write " + no);
        }
    }
}
