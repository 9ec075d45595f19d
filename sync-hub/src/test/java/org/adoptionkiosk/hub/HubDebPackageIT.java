package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.RealServices;
import org.adoptionkiosk.testkit.Stubs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hub's .deb the build made, read with dpkg-deb: what it installs and with which modes, its
 * conffile, its systemd unit (and {@code systemd-analyze verify} of it where that runs), the
 * settings file naming every option of the hub, and what its maintainer scripts do on install,
 * upgrade, remove and purge (against stub commands, so this machine is never changed).
 * The setup script against the real PostgreSQL: {@link HubSetupScriptIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubDebPackageIT {
    HubDeb deb;

    @BeforeAll
    void open(@TempDir Path tmp) throws Exception {
        deb = HubDeb.open(tmp);
    }

    @Test
    void itInstallsTheJarTheSetupScriptTheUnitAndTheSettings() throws Exception {
        assertTrue(deb.entry("/usr/share/adoption-hub/sync-hub.jar").startsWith("-rw-r--r-- root/root"));
        assertTrue(deb.entry("/usr/sbin/adoption-hub-setup").startsWith("-rwxr-xr-x root/root"));
        assertTrue(deb.entry("/lib/systemd/system/adoption-hub.service").startsWith("-rw-r--r-- root/root"));
        assertTrue(deb.entry("/etc/adoption-hub/hub.env").startsWith("-rw-r----- root/root"),
                "the settings are not world-readable (postinst gives them to the group adoption-hub)");
        assertFalse(deb.contents.stream().anyMatch(l -> l.contains("/var/lib/adoption-hub")),
                "the data folder is made by postinst, never shipped, so dpkg never removes it");
        assertFalse(deb.contents.stream().anyMatch(l -> l.contains("database.env") || l.contains("broker.env")),
                "no secrets in the package: adoption-hub-setup writes them");

        try (JarFile j = new JarFile(deb.file("/usr/share/adoption-hub/sync-hub.jar").toFile())) {
            assertEquals("org.adoptionkiosk.hub.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(j.getEntry("org/postgresql/Driver.class"), "its dependencies are in it");
            assertNotNull(j.getEntry("org/adoptionkiosk/hub/Hub.class"));
        }
    }

    @Test
    void controlAndConffiles() throws Exception {
        String c = Files.readString(deb.control.resolve("control"));
        assertTrue(c.contains("Package: adoption-hub\n"), c);
        assertTrue(c.contains("Architecture: all\n"), c);
        String depends = c.lines().filter(l -> l.startsWith("Depends: ")).findFirst().orElseThrow();
        assertTrue(depends.contains("openjdk-17-jre-headless") && depends.contains("adduser"), depends);
        assertTrue(deb.deb.getFileName().toString().contains(
                c.lines().filter(l -> l.startsWith("Version: ")).findFirst().orElseThrow().substring(9)));
        assertEquals(List.of("/etc/adoption-hub/hub.env"), Files.readAllLines(deb.control.resolve("conffiles")));
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Files.isExecutable(deb.control.resolve(script)), script);
        }
    }

    @Test
    void theUnitRestartsOnFailureReadsTheSettingsAndIsHardened() throws Exception {
        List<String> unit = Files.readAllLines(deb.file("/lib/systemd/system/adoption-hub.service"));
        List<String> settings = unit.stream().filter(l -> !l.startsWith("#") && l.contains("=")).toList();
        for (String expected : List.of("User=adoption-hub", "Group=adoption-hub", "Restart=on-failure",
                "EnvironmentFile=/etc/adoption-hub/hub.env", "EnvironmentFile=-/etc/adoption-hub/database.env",
                "EnvironmentFile=-/etc/adoption-hub/broker.env", "StateDirectory=adoption-hub",
                "WorkingDirectory=/var/lib/adoption-hub", "NoNewPrivileges=yes", "ProtectSystem=strict",
                "ProtectHome=yes", "PrivateTmp=yes", "CapabilityBoundingSet=", "WantedBy=multi-user.target")) {
            assertTrue(settings.contains(expected), expected + " in\n" + String.join("\n", unit));
        }
        assertEquals(List.of("ReadWritePaths=/var/lib/adoption-hub"),
                settings.stream().filter(l -> l.startsWith("ReadWritePaths=")).toList(), "writes to its data alone");
        assertTrue(settings.stream().filter(l -> l.startsWith("EnvironmentFile=")).toList().get(0)
                .equals("EnvironmentFile=/etc/adoption-hub/hub.env"),
                "hub.env first: the password files the tools write come after it and win");
        String exec = settings.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertTrue(exec.startsWith("ExecStart=/usr/bin/java $JAVA_OPTS ")
                && exec.endsWith(" -jar /usr/share/adoption-hub/sync-hub.jar"), exec);
        assertFalse(settings.stream().anyMatch(l -> l.startsWith("MemoryMax=")),
                "the memory limit is the operator's (a drop-in), only described in the unit");
        assertTrue(unit.stream().anyMatch(l -> l.startsWith("#") && l.contains("MemoryMax=")));
    }

    @Test
    void systemdAnalyzeVerifiesTheUnit(@TempDir Path tmp) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        // Never required: not every build machine has systemd's tools.
        Assumptions.assumeTrue(Files.isExecutable(analyze),
                "systemd-analyze is not installed: the unit is not verified here (skipped, not failed)");
        // A unit that cannot be wrong first: where even that does not verify, the tool cannot run here.
        Path known = tmp.resolve("known-good.service");
        Files.writeString(known, "[Unit]\nDescription=known good\n[Service]\nExecStart=/bin/true\n");
        HubDeb.Result control = HubDeb.run(List.of(analyze.toString(), "verify", known.toString()), Map.of(), "");
        Assumptions.assumeTrue(control.code() == 0,
                "systemd-analyze verify does not work on this machine (" + control.output().strip() + "): skipped");

        String unit = Files.readString(deb.file("/lib/systemd/system/adoption-hub.service"));
        if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
            // verify checks that ExecStart's program exists: the JVM running this test stands in.
            unit = unit.replace("/usr/bin/java ", Path.of(System.getProperty("java.home"), "bin", "java") + " ");
        }
        Path copy = tmp.resolve("adoption-hub.service");
        Files.writeString(copy, unit);
        HubDeb.Result r = HubDeb.run(List.of(analyze.toString(), "verify", copy.toString()), Map.of(), "");
        assertEquals(0, r.code(), r.output());
        assertFalse(r.output().contains("adoption-hub.service"), "no warning about the unit: " + r.output());
    }

    @Test
    void theSettingsFileNamesEveryOptionOfTheHubAndSetsNone() throws Exception {
        // The options as the packaged jar itself lists them.
        HubDeb.Result help = HubDeb.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", deb.file("/usr/share/adoption-hub/sync-hub.jar").toString(), "--help"), Map.of(), "");
        assertEquals(0, help.code(), help.output());
        TreeSet<String> expected = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\s+(?:-\\w, )?--([a-z][a-z-]*)").matcher(help.output());
        while (m.find()) {
            if (!m.group(1).equals("help")) {
                expected.add("HUB_" + m.group(1).toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            }
        }
        assertTrue(expected.size() >= 15 && expected.contains("HUB_JDBC_URL") && expected.contains("HUB_TRUST_PROXY"),
                "the options from --help: " + expected + "\n" + help.output());
        expected.add(HubConfig.KEY_PASSPHRASE_ENV);

        List<String> env = Files.readAllLines(deb.file("/etc/adoption-hub/hub.env"));
        List<String> missing = new ArrayList<>();
        for (String name : expected) {
            if (env.stream().noneMatch(l -> l.startsWith("#" + name + "="))) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing, "each option has a commented example in hub.env");
        assertEquals(List.of(), env.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList(),
                "the shipped file sets nothing: the unit's defaults apply until the operator chooses");
    }

    private static final List<String> SYSTEM = List.of("getent", "addgroup", "adduser", "deluser", "install",
            "chown", "chmod", "systemctl", "rm");

    @Test
    void postinstMakesTheUserAndTheDataFolderOnceAndStartsNothingNew(@TempDir Path tmp) throws Exception {
        // getent 2: neither the user nor the group exists yet.
        Stubs stubs = new Stubs(tmp, SYSTEM, Map.of("getent", 2), List.of());
        Stubs.Run r = stubs.run(deb.control.resolve("postinst"), Map.of(), "configure");
        assertEquals(0, r.code(), r.output());
        List<String> calls = r.calls();
        assertTrue(calls.contains("addgroup --system adoption-hub"), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("adduser --system --ingroup adoption-hub --home "
                + "/var/lib/adoption-hub") && c.contains("--shell /usr/sbin/nologin") && c.endsWith(" adoption-hub")),
                calls.toString());
        assertTrue(calls.contains("install -d -o adoption-hub -g adoption-hub -m 0700 /var/lib/adoption-hub"),
                calls.toString());
        assertTrue(calls.contains("chown root:adoption-hub /etc/adoption-hub /etc/adoption-hub/hub.env"), calls.toString());
        assertTrue(calls.contains("chmod 0640 /etc/adoption-hub/hub.env"), calls.toString());
        assertTrue(calls.contains("chmod 0750 /etc/adoption-hub"), calls.toString());
        assertFalse(calls.stream().anyMatch(c -> c.startsWith("rm ")), "an install deletes nothing");
        assertFalse(calls.stream().anyMatch(c -> c.contains("start") || c.contains("enable")),
                "a new install is not started before it is set up: " + calls);
        assertTrue(r.output().contains("adoption-hub-setup next-steps"), r.output());

        // An upgrade: the user exists, nothing is made twice or deleted.
        Stubs again = new Stubs(tmp.resolve("again"), SYSTEM, Map.of(), List.of());
        Stubs.Run upgrade = again.run(deb.control.resolve("postinst"), Map.of(), "configure", "0.0.9");
        assertEquals(0, upgrade.code(), upgrade.output());
        assertFalse(upgrade.calls().stream().anyMatch(c -> c.startsWith("adduser") || c.startsWith("addgroup")),
                upgrade.calls().toString());
        assertFalse(upgrade.calls().stream().anyMatch(c -> c.startsWith("rm ")));
    }

    @Test
    void theDataAndTheUserAreKeptEvenOnPurge(@TempDir Path tmp) throws Exception {
        Stubs stubs = new Stubs(tmp, SYSTEM, Map.of(), List.of());
        for (String action : List.of("upgrade", "remove", "failed-upgrade", "abort-install")) {
            Stubs.Run r = stubs.run(deb.control.resolve("postrm"), Map.of(), action, "0.1.0");
            assertEquals(0, r.code(), action + ": " + r.output());
            assertFalse(r.calls().stream().anyMatch(c -> c.startsWith("rm ") || c.startsWith("deluser")),
                    action + " keeps everything: " + r.calls());
        }
        Stubs.Run purge = stubs.run(deb.control.resolve("postrm"), Map.of(), "purge");
        assertEquals(0, purge.code(), purge.output());
        assertEquals(List.of("rm -f /etc/adoption-hub/database.env"),
                purge.calls().stream().filter(c -> c.startsWith("rm ") || c.startsWith("deluser")).toList(),
                "purge deletes the database password alone: never the key files in /var/lib/adoption-hub");
        assertTrue(purge.output().contains("kept /var/lib/adoption-hub"), purge.output());

        Stubs.Run prermUpgrade = stubs.run(deb.control.resolve("prerm"), Map.of(), "upgrade", "0.2.0");
        assertFalse(prermUpgrade.calls().stream().anyMatch(c -> c.contains("stop")),
                "an upgrade does not stop the hub before the new files are in: " + prermUpgrade.calls());
        assertEquals(0, stubs.run(deb.control.resolve("prerm"), Map.of(), "remove").code());
    }

    @Test
    void theScriptsAreShellcheckClean() throws Exception {
        Path shellcheck = RealServices.program("shellcheck", "/usr/bin/shellcheck");
        HubDeb.Result r = HubDeb.run(List.of(shellcheck.toString(), deb.control.resolve("postinst").toString(),
                deb.control.resolve("prerm").toString(), deb.control.resolve("postrm").toString(),
                deb.file("/usr/sbin/adoption-hub-setup").toString()), Map.of(), "");
        assertEquals(0, r.code(), r.output());
    }
}
