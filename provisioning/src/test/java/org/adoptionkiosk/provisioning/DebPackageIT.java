package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.testkit.RealServices;
import org.adoptionkiosk.testkit.Stubs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The appliance .deb the build made, read with dpkg-deb: what it installs, its conffiles, and what
 * its maintainer scripts do on install, upgrade, remove and purge (run against stub commands, so
 * this machine is never changed).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DebPackageIT {
    Path deb;
    Path dpkgDeb;
    Path control;
    List<String> contents;

    @BeforeAll
    void open(@TempDir Path tmp) throws Exception {
        dpkgDeb = RealServices.program("dpkg-deb", "/usr/bin/dpkg-deb");
        Path dir = Path.of(System.getProperty("provisioning.deb.dir", "target"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("appliance_.+_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one appliance_<version>_all.deb in " + dir + ": " + debs);
            deb = debs.get(0);
        }
        contents = dpkg("--contents", deb.toString()).lines().toList();
        control = tmp.resolve("DEBIAN");
        dpkg("-e", deb.toString(), control.toString());
        dpkg("-x", deb.toString(), tmp.resolve("root").toString());
    }

    private String dpkg(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(dpkgDeb.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private String entry(String path) {
        return contents.stream().filter(l -> l.endsWith(" ." + path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is not in the package:\n" + String.join("\n", contents)));
    }

    @Test
    void itInstallsTheJarTheUnitsTheLauncherAndTheConfig() throws Exception {
        assertTrue(entry("/usr/share/adoption-kiosk/appliance.jar").startsWith("-rw-r--r-- root/root"));
        assertTrue(entry("/usr/share/adoption-kiosk/kiosk-browser").startsWith("-rwxr-xr-x root/root"));
        assertTrue(entry("/usr/share/adoption-kiosk/kiosk-healthcheck").startsWith("-rwxr-xr-x"));
        entry("/lib/systemd/system/adoption-kiosk.service");
        entry("/lib/systemd/system/adoption-kiosk-health.service");
        entry("/lib/systemd/system/adoption-kiosk-health.timer");
        entry("/etc/systemd/system.conf.d/adoption-kiosk-watchdog.conf");
        entry("/etc/xdg/autostart/adoption-kiosk-browser.desktop");
        assertTrue(entry("/etc/adoption-kiosk/kiosk.env").startsWith("-rw-r----- root/root"),
                "the kiosk's settings are not world-readable");
        assertFalse(contents.stream().anyMatch(l -> l.contains("/var/lib/adoption-kiosk")),
                "the data folder is made by postinst, never shipped, so dpkg never removes it");
        assertFalse(contents.stream().anyMatch(l -> l.contains("/etc/adoption-kiosk/bundle")),
                "no secrets in the package: the bundle comes from install.sh");

        // The jar is the appliance's runnable, shaded jar.
        Path jar = control.resolveSibling("root/usr/share/adoption-kiosk/appliance.jar");
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals("org.adoptionkiosk.appliance.Main", j.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(j.getEntry("org/eclipse/paho/mqttv5/client/MqttAsyncClient.class"), "its dependencies are in it");
            assertNotNull(j.getEntry("org/adoptionkiosk/appliance/KioskBundle.class"));
        }
    }

    /**
     * The start-up archive: the build's training made one (a dynamic CDS archive: magic 0xf00baba8),
     * not shipped (it holds only for the Java, CPU and jar path that made it; postinst makes the
     * kiosk's); the unit starts the JVM with it and with the options file the package installs, and
     * a missing or stale one never stops the kiosk (-Xshare:auto).
     */
    @Test
    void theUnitUsesTheStartUpArchivePostinstMakesWithTheOptionsFile() throws Exception {
        byte[] head = new byte[4];
        try (var in = Files.newInputStream(Path.of(System.getProperty("provisioning.deb.dir", "target"), "appliance.jsa"))) {
            assertEquals(4, in.read(head));
        }
        assertEquals(0xf00baba8, java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(),
                "the build's training made a dynamic CDS archive");
        assertFalse(Files.exists(control.resolveSibling("root/usr/share/adoption-kiosk/appliance.jsa")),
                "an archive made here would be refused on a kiosk: not shipped");
        entry("/etc/adoption-kiosk/kiosk.jvm-options");
        String options = Files.readString(control.resolveSibling("root/etc/adoption-kiosk/kiosk.jvm-options"));
        assertTrue(options.lines().anyMatch(l -> l.equals("-Xmx64m")), options);
        assertTrue(options.lines().anyMatch(l -> l.equals("-XX:+ExitOnOutOfMemoryError")), options);
        String given = options.lines().map(l -> l.replaceAll("#.*", "")).collect(java.util.stream.Collectors.joining(" "));
        assertFalse(given.contains("SharedArchiveFile") || given.contains("Xshare"),
                "the archive is the unit's: the training reads this file too and must not load one");

        String unit = Files.readString(control.resolveSibling("root/lib/systemd/system/adoption-kiosk.service"));
        String execStart = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertEquals("ExecStart=/usr/bin/java @/etc/adoption-kiosk/kiosk.jvm-options "
                + "-XX:SharedArchiveFile=/var/cache/adoption-kiosk/appliance.jsa -Xshare:auto "
                + "-jar /usr/share/adoption-kiosk/appliance.jar", execStart);
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("\ncache=/var/cache/adoption-kiosk\narchive=\"$cache/appliance.jsa\"\n"),
                "postinst makes the archive the unit reads");
        assertTrue(Files.readString(control.resolve("triggers")).contains("interest-noawait /usr/lib/jvm"),
                "a new Java makes postinst make the archive again");
    }

    /**
     * postinst with stub commands: train with this Java, check the result, and only then put it in
     * place.
     */
    @Test
    void postinstMakesTheArchiveWithThisJavaAndTheKioskStartsWithoutOneWhenItCannot(@TempDir Path tmp)
            throws Exception {
        List<String> withJava = new java.util.ArrayList<>(SYSTEM);
        withJava.addAll(List.of("java", "mv"));
        Stubs works = new Stubs(tmp.resolve("works"), withJava, Map.of(), List.of());
        Stubs.Run r = works.run(control.resolve("postinst"), Map.of(), "configure", "0.0.9");
        assertEquals(0, r.code(), r.output());
        List<String> calls = r.calls();
        int train = indexOf(calls, c -> c.startsWith("java @/etc/adoption-kiosk/kiosk.jvm-options ")
                && c.contains(" -XX:ArchiveClassesAtExit=/var/cache/adoption-kiosk/appliance.jsa.new -jar "
                + "/usr/share/adoption-kiosk/appliance.jar cds-training"));
        int check = indexOf(calls, c -> c.equals("java @/etc/adoption-kiosk/kiosk.jvm-options "
                + "-XX:SharedArchiveFile=/var/cache/adoption-kiosk/appliance.jsa.new -Xshare:on "
                + "-jar /usr/share/adoption-kiosk/appliance.jar --help"));
        int move = indexOf(calls, c -> c.equals("mv -f /var/cache/adoption-kiosk/appliance.jsa.new "
                + "/var/cache/adoption-kiosk/appliance.jsa"));
        assertTrue(train >= 0 && check > train && move > check, "trained, checked, then put in place: " + calls);
        assertTrue(calls.contains("chown root:kiosk /etc/adoption-kiosk/kiosk.jvm-options"), calls.toString());

        // This Java cannot make one: the package still installs, says so, and puts nothing in place.
        Stubs fails = new Stubs(tmp.resolve("fails"), withJava, Map.of("java", 1), List.of());
        Stubs.Run none = fails.run(control.resolve("postinst"), Map.of(), "configure", "0.0.9");
        assertEquals(0, none.code(), none.output());
        assertFalse(none.calls().stream().anyMatch(c -> c.startsWith("mv ")), none.calls().toString());
        assertTrue(none.output().contains("no start-up archive"), none.output());

        // A new Java (the trigger): the archive only, no users, no restarts.
        Stubs.Run triggered = works.run(control.resolve("postinst"), Map.of(), "triggered", "/usr/lib/jvm");
        assertEquals(0, triggered.code(), triggered.output());
        assertTrue(triggered.calls().stream().anyMatch(c -> c.startsWith("mv -f ") && c.endsWith("appliance.jsa")),
                triggered.calls().toString());
        assertFalse(triggered.calls().stream().anyMatch(c -> c.startsWith("adduser") || c.startsWith("systemctl")),
                triggered.calls().toString());
    }

    private static int indexOf(List<String> calls, java.util.function.Predicate<String> call) {
        for (int i = 0; i < calls.size(); i++) {
            if (call.test(calls.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void controlAndConffiles() throws Exception {
        String c = Files.readString(control.resolve("control"));
        assertTrue(c.contains("Package: adoption-kiosk-appliance\n"), c);
        assertTrue(c.contains("Architecture: all\n"), c);
        assertTrue(c.contains("Depends: openjdk-17-jre-headless"), c);
        assertTrue(deb.getFileName().toString().contains(
                c.lines().filter(l -> l.startsWith("Version: ")).findFirst().orElseThrow().substring(9)));
        List<String> conffiles = Files.readAllLines(control.resolve("conffiles"));
        assertTrue(conffiles.contains("/etc/adoption-kiosk/kiosk.env"), conffiles.toString());
        assertTrue(conffiles.contains("/etc/adoption-kiosk/kiosk.jvm-options"), conffiles.toString());
        assertTrue(conffiles.contains("/etc/systemd/system.conf.d/adoption-kiosk-watchdog.conf"), conffiles.toString());
        assertTrue(conffiles.stream().allMatch(f -> f.startsWith("/etc/")), conffiles.toString());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Files.isExecutable(control.resolve(script)), script);
        }
    }

    private static final List<String> SYSTEM = List.of("getent", "addgroup", "adduser", "deluser", "install",
            "chown", "chmod", "systemctl", "rm");

    @Test
    void postinstMakesTheKioskUserAndItsDataFolderOnce(@TempDir Path tmp) throws Exception {
        // getent 2: neither the user nor the groups exist yet.
        Stubs stubs = new Stubs(tmp, SYSTEM, Map.of("getent", 2), List.of());
        Stubs.Run r = stubs.run(control.resolve("postinst"), Map.of(), "configure");
        assertEquals(0, r.code(), r.output());
        assertTrue(r.calls().contains("addgroup --system kiosk"), r.calls().toString());
        assertTrue(r.calls().stream().anyMatch(c -> c.startsWith("adduser --system --ingroup kiosk --home "
                + "/var/lib/adoption-kiosk") && c.endsWith(" kiosk")), r.calls().toString());
        assertTrue(r.calls().contains("install -d -o kiosk -g kiosk -m 0750 /var/lib/adoption-kiosk"), r.calls().toString());
        assertFalse(r.calls().stream().anyMatch(c -> c.startsWith("rm ")), "an install deletes nothing");

        // The user exists already (an upgrade): it is not made twice, and nothing is deleted.
        Stubs again = new Stubs(tmp.resolve("again"), SYSTEM, Map.of(), List.of());
        Stubs.Run upgrade = again.run(control.resolve("postinst"), Map.of(), "configure", "0.0.9");
        assertEquals(0, upgrade.code(), upgrade.output());
        assertFalse(upgrade.calls().stream().anyMatch(c -> c.startsWith("adduser --system")), upgrade.calls().toString());
        assertFalse(upgrade.calls().stream().anyMatch(c -> c.startsWith("rm ")));
    }

    @Test
    void theDataIsKeptOnUpgradeAndRemoveAndDeletedOnlyOnPurge(@TempDir Path tmp) throws Exception {
        Stubs stubs = new Stubs(tmp, SYSTEM, Map.of(), List.of());
        for (String action : List.of("upgrade", "remove", "failed-upgrade", "abort-install")) {
            Stubs.Run r = stubs.run(control.resolve("postrm"), Map.of(), action, "0.1.0");
            assertEquals(0, r.code(), action + ": " + r.output());
            assertFalse(r.calls().stream().anyMatch(c -> c.startsWith("rm ") || c.startsWith("deluser")),
                    action + " keeps the data and the user: " + r.calls());
        }
        Stubs.Run purge = stubs.run(control.resolve("postrm"), Map.of(), "purge");
        assertEquals(0, purge.code(), purge.output());
        assertTrue(purge.calls().contains("rm -rf /var/lib/adoption-kiosk /etc/adoption-kiosk/bundle"),
                purge.calls().toString());

        Stubs.Run prermUpgrade = stubs.run(control.resolve("prerm"), Map.of(), "upgrade", "0.2.0");
        assertFalse(prermUpgrade.calls().stream().anyMatch(c -> c.contains("stop")),
                "an upgrade does not stop the kiosk before the new files are in: " + prermUpgrade.calls());
        assertEquals(0, stubs.run(control.resolve("prerm"), Map.of(), "remove").code());
    }

    @Test
    void theMaintainerScriptsAreShellcheckClean() throws Exception {
        Path shellcheck = RealServices.program("shellcheck", "/usr/bin/shellcheck");
        Process p = new ProcessBuilder(shellcheck.toString(), control.resolve("postinst").toString(),
                control.resolve("prerm").toString(), control.resolve("postrm").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
