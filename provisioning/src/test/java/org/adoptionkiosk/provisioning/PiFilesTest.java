package org.adoptionkiosk.provisioning;

import org.adoptionkiosk.testkit.RealServices;
import org.adoptionkiosk.testkit.Stubs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files that turn Raspberry Pi OS into a kiosk, checked here without a Pi: the scripts pass
 * shellcheck, install.sh refuses a bad bundle before it changes anything, the health check
 * restarts only after three failures in a row (against stub commands), and the units say what
 * docs/deploy.md promises.
 */
class PiFilesTest {
    private static final Path PI = Path.of(System.getProperty("provisioning.pi.dir", "pi"));

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue() + "\n" + out;
    }

    @Test
    void theScriptsAreShellcheckClean() throws Exception {
        Path shellcheck = RealServices.program("shellcheck", "/usr/bin/shellcheck");
        String result = run(List.of(shellcheck.toString(), PI.resolve("install.sh").toString(),
                PI.resolve("kiosk-browser").toString(), PI.resolve("kiosk-healthcheck").toString(),
                PI.resolve("deb/postinst").toString(), PI.resolve("deb/prerm").toString(),
                PI.resolve("deb/postrm").toString()));
        assertTrue(result.startsWith("0\n"), result);
    }

    @Test
    void installRefusesABadBundleBeforeChangingAnything(@TempDir Path tmp) throws Exception {
        String install = PI.resolve("install.sh").toString();
        assertTrue(run(List.of("/bin/bash", install)).startsWith("2\n"), "no bundle");
        assertTrue(run(List.of("/bin/bash", install, "--frobnicate", "x")).startsWith("2\n"));
        String notAFolder = run(List.of("/bin/bash", install, tmp.resolve("nothing").toString()));
        assertTrue(notAFolder.startsWith("2\n") && notAFolder.contains("is not a folder"), notAFolder);

        Path partial = Files.createDirectories(tmp.resolve("partial"));
        Files.writeString(partial.resolve("kiosk.properties"), "device-id=kiosk-abc\nbroker=ssl\\://hub\\:8883\n");
        String missing = run(List.of("/bin/bash", install, partial.toString()));
        assertTrue(missing.startsWith("2\n") && missing.contains("has no broker-password"), missing);

        Path plain = Files.createDirectories(tmp.resolve("plain"));
        for (String f : List.of("broker-password", "ca.pem", "hub-public.keyset.json",
                "hub-signing-public.keyset.json")) {
            Files.writeString(plain.resolve(f), "x\n");
        }
        Files.writeString(plain.resolve("kiosk.properties"), "device-id=kiosk-abc\nbroker=tcp\\://hub\\:1883\n");
        String tcp = run(List.of("/bin/bash", install, plain.toString()));
        assertTrue(tcp.startsWith("2\n") && tcp.contains("must be an ssl:// URL"), tcp);
        String help = run(List.of("/bin/bash", install, "--help"));
        assertTrue(help.startsWith("0\n") && help.contains("--lock-default-logins"), help);
    }

    @Test
    void theHealthCheckRestartsTheApplianceAfterThreeFailuresInARow(@TempDir Path tmp) throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Map<String, String> env = Map.of("KIOSK_HEALTH_STATE", state.toString());
        List<String> real = List.of("cat", "rm", "mkdir", "sed", "tail");
        Stubs failing = new Stubs(tmp.resolve("failing"), List.of("systemctl", "curl"), Map.of("curl", 7), real);
        Path check = PI.resolve("kiosk-healthcheck");
        for (int i = 1; i <= 2; i++) {
            Stubs.Run r = failing.run(check, env);
            assertEquals(0, r.code(), r.output());
            assertFalse(r.calls().contains("systemctl restart adoption-kiosk.service"), "not yet after " + i);
        }
        Stubs.Run third = failing.run(check, env);
        assertTrue(third.calls().contains("systemctl restart adoption-kiosk.service"), third.calls().toString());

        // One good answer clears the count.
        failing.run(check, env);
        new Stubs(tmp.resolve("passing"), List.of("systemctl", "curl"), Map.of(), real).run(check, env);
        failing.run(check, env);
        Stubs.Run afterReset = failing.run(check, env);
        assertFalse(afterReset.calls().contains("systemctl restart adoption-kiosk.service"), afterReset.calls().toString());

        // An appliance the operator stopped is left alone.
        Stubs stopped = new Stubs(tmp.resolve("stopped"), List.of("systemctl", "curl"),
                Map.of("systemctl", 3, "curl", 7), real);
        for (int i = 0; i < 4; i++) {
            assertFalse(stopped.run(check, env).calls().stream().anyMatch(c -> c.contains("restart")));
        }
    }

    @Test
    void theUnitsAndTheBrowserLauncherSayWhatTheDeployGuidePromises() throws Exception {
        String unit = Files.readString(PI.resolve("systemd/adoption-kiosk.service"));
        assertTrue(unit.contains("\nRestart=on-failure\n"), unit);
        assertTrue(unit.contains("\nUser=kiosk\n"), unit);
        assertTrue(unit.contains("\nEnvironmentFile=/etc/adoption-kiosk/kiosk.env\n"), unit);
        String execStart = unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        assertFalse(execStart.contains("password") || execStart.contains("--"), "no options, no secrets in ps: " + execStart);
        // The JVM's options are in one file, which the benchmark's footprint phase reads too.
        assertTrue(execStart.startsWith("ExecStart=/usr/bin/java @/etc/adoption-kiosk/kiosk.jvm-options "), execStart);
        assertTrue(Files.isRegularFile(PI.resolve("etc/kiosk.jvm-options")));
        String watchdog = Files.readString(PI.resolve("systemd/system.conf.d/adoption-kiosk-watchdog.conf"));
        assertTrue(watchdog.contains("RuntimeWatchdogSec=15s"), watchdog);
        String browser = Files.readString(PI.resolve("kiosk-browser"));
        for (String flag : List.of("--kiosk", "--incognito", "--noerrdialogs", "--disable-pinch",
                "--overscroll-history-navigation=0", "--disable-features=Translate", "--disable-background-networking")) {
            assertTrue(browser.contains(flag), flag);
        }
        assertTrue(browser.contains("/healthz"), "the browser waits until the appliance answers");
        String env = Files.readString(PI.resolve("etc/kiosk.env"));
        assertTrue(env.contains("KIOSK_BUNDLE=/etc/adoption-kiosk/bundle"), env);
    }
}
