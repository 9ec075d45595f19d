package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.appliance.ApplianceConfig;
import org.adoptionkiosk.appliance.KioskBundle;
import org.adoptionkiosk.appliance.staff.PinHash;
import org.adoptionkiosk.hub.keys.IndexKey;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.hub.keys.SigningKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tool's commands on files and the hub's real store (H2), without a broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MainTest {
    Path tmp;
    Tool tool;

    @BeforeAll
    void init(@TempDir Path dir) {
        tmp = dir;
        tool = new Tool(tmp.resolve("prov"), tmp.resolve("hub"), Map.of());
        Tool.Result r = tool.hubInit(8883);
        assertTrue(r.out().contains("certificate authority"), r.toString());
    }

    @Test
    void everyBadArgumentIsOneLineAndExitTwo() throws Exception {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "region,site,name\nnorth-wales,no-such-office,Stand\n");
        Path headerless = tmp.resolve("headerless.csv");
        Files.writeString(headerless, "north-wales,north-wales-hub\n");
        List<String[]> bad = List.of(
                new String[] {"frobnicate"},
                new String[] {"hub"},
                new String[] {"hub", "destroy"},
                new String[] {"device"},
                new String[] {"device", "explode"},
                new String[] {"device", "add", "--site", "north-wales-hub"},
                new String[] {"device", "add", "--region", "atlantis", "--site", "north-wales-hub"},
                new String[] {"device", "add", "--region", "north-wales", "--site", "western-bay-hub"},
                new String[] {"device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--id", "Bad/Id"},
                new String[] {"device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--id", "hub"},
                new String[] {"device", "add", "--region", "north-wales", "--site", "north-wales-hub",
                        "--staff-pin-hash", "1234"},
                new String[] {"device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--name", " "},
                new String[] {"device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--colour"},
                new String[] {"device", "add", "--region", "north-wales", "--region", "western-bay"},
                new String[] {"device", "add", "--region"},
                new String[] {"device", "add", "--region", "north-wales", "--site", "north-wales-hub", "extra"},
                new String[] {"device", "revoke"},
                new String[] {"device", "revoke", "Not_An_Id"},
                new String[] {"device", "revoke", "kiosk-never-made"},
                new String[] {"device", "batch"},
                new String[] {"device", "batch", tmp.resolve("missing.csv").toString()},
                new String[] {"device", "batch", csv.toString()},
                new String[] {"device", "batch", headerless.toString()},
                new String[] {"device", "list", "--jdbc-url", "jdbc:mysql://db/x"});
        for (String[] args : bad) {
            Tool.Result r = tool.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r);
            String first = r.err().lines().findFirst().orElse("");
            assertTrue(first.startsWith("provisioning: ") && first.length() > "provisioning: ".length() + 5,
                    String.join(" ", args) + ": " + r);
            assertEquals(1, r.err().lines().count(), "one line: " + r);
        }
        // Staff PIN from standard input that is no PIN.
        Tool.Result pin = tool.runWithStdin("12ab\n", "device", "add", "--region", "north-wales", "--site",
                "north-wales-hub", "--staff-pin-stdin");
        assertEquals(2, pin.code(), pin.toString());
        assertTrue(pin.err().contains("4 to 8 digits"), pin.toString());

        // hub init's own arguments, on a fresh folder.
        Tool fresh = new Tool(tmp.resolve("fresh"), tmp.resolve("fresh-hub"), Map.of());
        for (String[] args : List.of(new String[] {"hub", "init"},
                new String[] {"hub", "init", "--broker-host", "bad host"},
                new String[] {"hub", "init", "--broker-host", "h", "--broker-port", "99999"},
                new String[] {"hub", "init", "--broker-host", "h", "--broker-port", "x"},
                new String[] {"hub", "init", "--broker-host", "h", "--broker-user", "Not A User"},
                new String[] {"hub", "init", "--broker-host", "h", "--key-passphrase-file",
                        tmp.resolve("none").toString()})) {
            Tool.Result r = fresh.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r);
        }
        Tool.Result notInit = fresh.run("device", "add", "--region", "north-wales", "--site", "north-wales-hub");
        assertEquals(2, notInit.code(), notInit.toString());
        assertTrue(notInit.err().contains("hub init"), notInit.toString());
        assertFalse(Files.exists(tmp.resolve("fresh").resolve("provisioning.properties")));

        // A second hub init on the same folder changes nothing and says so (not an argument error).
        Tool.Result again = tool.run("hub", "init", "--broker-host", "localhost");
        assertEquals(1, again.code(), again.toString());
    }

    @Test
    void helpAndUsage() {
        Tool.Result help = Tool.raw(Map.of(), "", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("device add"), help.toString());
        assertEquals(0, Tool.raw(Map.of(), "", "device", "--help").code());
        assertEquals(0, Tool.raw(Map.of(), "", "hub", "init", "--help").code());
        assertEquals(2, Tool.raw(Map.of(), "").code(), "no command at all is a usage error");
    }

    @Test
    void hubInitMakesKeysCaAndABrokerConfigWithoutAnonymousAccess() throws Exception {
        Path broker = tool.dir().resolve("broker");
        String conf = Files.readString(broker.resolve("adoption-kiosk.conf"));
        assertTrue(conf.contains("allow_anonymous false"), conf);
        assertTrue(conf.contains("password_file " + broker.resolve("passwd")), conf);
        assertTrue(conf.contains("acl_file " + broker.resolve("acl")), conf);
        assertTrue(conf.contains("listener 8883 127.0.0.1"), conf);
        assertTrue(conf.contains("certfile " + broker.resolve("server.pem")), conf);
        assertFalse(conf.contains("listener 1883"), "no plain listener");
        assertTrue(Files.exists(tool.hubData().resolve(SealingKeys.PRIVATE_FILE)));
        assertEquals("rw-------", mode(tool.hubData().resolve(SealingKeys.PRIVATE_FILE)));
        // Every key the hub has, so instances started from copies of the folder share them all.
        assertEquals("rw-------", mode(tool.hubData().resolve(SigningKeys.PRIVATE_FILE)));
        assertEquals("rw-------", mode(tool.hubData().resolve(IndexKey.FILE)));
        assertEquals("rw-------", mode(tool.dir().resolve("ca/ca.key")));
        assertEquals("rw-r-----", mode(broker.resolve("server.key")));
        assertEquals("rw-------", mode(tool.dir().resolve("hub/hub.env")));
        String acl = Files.readString(broker.resolve("acl"));
        assertTrue(acl.contains("user hub\ntopic read kiosk/v1/+/records\n"), acl);
        String env = Files.readString(tool.dir().resolve("hub/hub.env"));
        assertTrue(env.contains("HUB_BROKER=ssl://localhost:8883"), env);
        assertTrue(env.contains("HUB_BROKER_USERNAME=hub"), env);
    }

    @Test
    void deviceAddWritesCredentialsAclAndABundleTheKioskReads() throws Exception {
        Tool.Result added = tool.runWithStdin("2468\n", "device", "add", "--region", "north-wales", "--site",
                "north-wales-hub", "--name", "Eisteddfod stand 1", "--staff-pin-stdin", "--client-cert");
        assertEquals(0, added.code(), added.toString());
        String id = Tool.deviceId(added);
        assertTrue(id.matches("kiosk-[a-z0-9]{8}"), id);
        assertTrue(added.err().contains("hashing the staff PIN"), "long work is announced: " + added);

        Path bundle = tool.dir().resolve("devices").resolve(id);
        String password = Files.readString(bundle.resolve(KioskBundle.PASSWORD)).strip();
        assertFalse(added.out().contains(password) || added.err().contains(password), "the password is never printed");
        assertEquals("rw-------", mode(bundle.resolve(KioskBundle.PASSWORD)));
        assertEquals("rw-------", mode(bundle.resolve(KioskBundle.PROPERTIES)));
        assertEquals("rw-------", mode(bundle.resolve(KioskBundle.CLIENT_KEY)));

        // The password file line is Mosquitto's own format, and its hash is PBKDF2-SHA512 of the bundle's password.
        String passwd = Files.readString(tool.dir().resolve("broker/passwd"));
        Matcher m = Pattern.compile("(?m)^" + id + ":\\$7\\$(\\d+)\\$([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+)$")
                .matcher(passwd);
        assertTrue(m.find(), passwd);
        byte[] salt = Base64.getDecoder().decode(m.group(2));
        assertEquals(12, salt.length);
        assertEquals(64, Base64.getDecoder().decode(m.group(3)).length);
        assertEquals("$7$" + m.group(1) + "$" + m.group(2) + "$" + m.group(3),
                MosquittoPassword.hash(password, salt, Integer.parseInt(m.group(1))));

        String acl = Files.readString(tool.dir().resolve("broker/acl"));
        assertTrue(acl.contains("user " + id + "\ntopic write kiosk/v1/" + id + "/records\ntopic write kiosk/v1/" + id
                + "/status\ntopic read kiosk/v1/" + id + "/ack\ntopic read kiosk/v1/" + id + "/config\n"), acl);

        // The kiosk takes the bundle as it is.
        ApplianceConfig c = ApplianceConfig.parse(new String[] {"--bundle", bundle.toString(), "--data",
                tmp.resolve("kiosk").toString()}, Map.of());
        assertEquals(id, c.deviceId());
        assertEquals(id, c.brokerUsername());
        assertEquals(password, c.brokerPassword());
        assertEquals("ssl://localhost:8883", c.brokerUrl());
        assertEquals("north-wales", c.region());
        assertEquals("north-wales-hub", c.site());
        assertTrue(PinHash.matches("2468", c.staffPinHash()));
        assertEquals(bundle.resolve(KioskBundle.CA), c.brokerTls().caFile());
        assertEquals(bundle.resolve(KioskBundle.CLIENT_CERT), c.brokerTls().clientCertFile());
        assertFalse(c.toString().contains(password));
        Properties p = new Properties();
        p.load(Files.newBufferedReader(bundle.resolve(KioskBundle.PROPERTIES), StandardCharsets.UTF_8));
        assertEquals("Eisteddfod stand 1", p.getProperty("name"));

        Tool.Result list = tool.ok("device", "list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith(id + "\tnorth-wales\tnorth-wales-hub\tEisteddfod stand 1\t")
                && l.endsWith("\tactive")), list.toString());

        Tool.Result revoked = tool.ok("device", "revoke", id);
        assertTrue(revoked.out().contains("password and ACL are removed"), revoked.toString());
        assertFalse(Files.readString(tool.dir().resolve("broker/passwd")).contains(id + ":"));
        assertFalse(Files.readString(tool.dir().resolve("broker/acl")).contains(id));
        assertTrue(Files.readString(tool.dir().resolve("broker/acl")).contains("user hub"), "the hub keeps its ACL");
        assertTrue(tool.ok("device", "list").out().lines().anyMatch(l -> l.startsWith(id + "\t")
                && l.contains("\trevoked ")));
        assertEquals(0, tool.run("device", "revoke", id).code(), "revoking again is harmless");
        Tool.Result reuse = tool.run("device", "add", "--region", "north-wales", "--site", "north-wales-hub", "--id", id);
        assertEquals(2, reuse.code(), "a revoked id is never given out again: " + reuse);
    }

    @Test
    void batchShowsProgressAndMakesEveryDevice() throws Exception {
        Path csv = tmp.resolve("devices.csv");
        Files.writeString(csv, """
                region,site,name
                north-wales,north-wales-hub,Stand A
                western-bay,western-bay-hub,
                south-east-wales,south-east-wales-hub,Stand C
                """);
        Tool.Result r = tool.run("device", "batch", csv.toString());
        assertEquals(0, r.code(), r.toString());
        List<String> progress = r.err().lines().filter(l -> l.matches("\\d+/3 .*")).toList();
        assertEquals(4, progress.size(), r.toString());
        assertTrue(progress.get(0).startsWith("0/3") && progress.get(3).startsWith("3/3"), progress.toString());
        List<String> made = r.out().lines().filter(l -> l.startsWith("kiosk-")).toList();
        assertEquals(3, made.size(), r.toString());
        for (String line : made) {
            String id = line.split("\t")[0];
            assertTrue(Files.exists(tool.dir().resolve("devices").resolve(id).resolve(KioskBundle.PROPERTIES)));
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
