package org.adoptionkiosk.hub;

import org.adoptionkiosk.testkit.RealServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert rules with Prometheus's own tool (Debian's {@code prometheus} package): they load
 * ({@code promtool check rules}), and they fire, and stay quiet, as their unit tests beside them say
 * ({@code promtool test rules}). The .deb ships them unchanged. Skipped where promtool is not
 * installed; required in CI ({@code -Dit.require.services=true}).
 */
class PrometheusRulesIT {
    private static final Path TESTS = Path.of("src/prometheus/adoption-hub-alerts-test.yml");
    private static final String SHIPPED = "/usr/share/adoption-hub/prometheus/adoption-hub-alerts.yml";

    @Test
    void theRulesLoadAndPassTheirTests() throws Exception {
        Path promtool = RealServices.program("promtool", "/usr/bin/promtool");
        HubDeb.Result check = HubDeb.run(List.of(promtool.toString(), "check", "rules",
                HubAlertRulesTest.RULES.toString()), Map.of(), "");
        assertEquals(0, check.code(), check.output());
        assertTrue(check.output().contains("SUCCESS: 5 rules found"), check.output());
        HubDeb.Result test = HubDeb.run(List.of(promtool.toString(), "test", "rules", TESTS.toString()), Map.of(), "");
        assertEquals(0, test.code(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void theDebShipsTheRulesAsTested(@TempDir Path tmp) throws Exception {
        Path promtool = RealServices.program("promtool", "/usr/bin/promtool");
        HubDeb deb = HubDeb.open(tmp);
        assertTrue(deb.entry(SHIPPED).startsWith("-rw-r--r-- root/root"), deb.entry(SHIPPED));
        assertArrayEquals(Files.readAllBytes(HubAlertRulesTest.RULES), Files.readAllBytes(deb.file(SHIPPED)));
        HubDeb.Result check = HubDeb.run(List.of(promtool.toString(), "check", "rules",
                deb.file(SHIPPED).toString()), Map.of(), "");
        assertEquals(0, check.code(), check.output());
    }
}
