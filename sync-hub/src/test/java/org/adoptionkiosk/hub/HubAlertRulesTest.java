package org.adoptionkiosk.hub;

import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.testkit.Await;
import org.adoptionkiosk.testkit.PrometheusText;
import org.adoptionkiosk.testkit.RawMqtt;
import org.adoptionkiosk.testkit.Started;
import org.adoptionkiosk.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.adoptionkiosk.hub.TestRecords.batch;
import static org.adoptionkiosk.hub.TestRecords.signin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped alert rules, the hub's scrape and the docs cannot drift apart: every metric a rule
 * names is in a real hub's scrape (with the labels the rules select by), and every metric of the
 * hub's own is in the docs' list. The rules' logic: {@code PrometheusRulesIT} (promtool).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubAlertRulesTest {
    static final Path RULES = Path.of("src/prometheus/adoption-hub-alerts.yml");
    static final Path DOCS = Path.of("../docs/deploy.md");
    private static final Pattern METRIC = Pattern.compile("\\b(adoption_hub_[a-z0-9_]+|disk_(?:free|total)_bytes)\\b");
    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (adoption_hub_[a-z0-9_]+) ");

    private final TestClock clock = new TestClock(Instant.parse("2026-08-05T10:00:00Z"));

    @RegisterExtension
    final Started<HubFixture> hub = Started.perClass(dir -> new HubFixture(dir, Map.of(), clock));

    /** A hub that has stored a batch and a kiosk's status, so its per-kiosk series exist too. */
    private PrometheusText scrape() throws Exception {
        String d = "kiosk-rules";
        Statuses s = Statuses.of(d);
        s.backlog = 1L;
        try (RawMqtt kiosk = hub.get().kiosk(d)) {
            hub.get().sendAndAwaitAck(kiosk, batch(d, List.of(signin(1))));
        }
        hub.get().as(d).publishRetained(Topics.status(d), hub.get().codec.encode(s.build()));
        Await.until("the status stored", () -> hub.get().count(
                "SELECT COUNT(*) FROM devices WHERE device_id = ? AND backlog = 1", d) == 1);
        return PrometheusText.parse(hub.get().metrics().body());
    }

    @Test
    void everyMetricTheRulesNameIsInTheHubsScrape() throws Exception {
        String rules = Files.readString(RULES);
        Set<String> named = new TreeSet<>();
        Matcher m = METRIC.matcher(rules);
        while (m.find()) {
            named.add(m.group(1));
        }
        assertTrue(named.size() >= 6, "the rules name the hub's metrics: " + named);
        PrometheusText scrape = scrape();
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(scrape.names());
        assertEquals(Set.of(), missing, "named by the rules, missing from the scrape");
        // The disk rule selects the hub's own data folder by this label.
        assertTrue(rules.contains("disk_free_bytes{application=\"adoption-hub\"}"));
        assertFalse(scrape.all("disk_free_bytes", "application", "adoption-hub").isEmpty());
        assertFalse(scrape.all("disk_total_bytes", "application", "adoption-hub").isEmpty());
        // The labels the rules aggregate by are the ones the series carry.
        assertFalse(scrape.all("adoption_hub_kiosk_at_event", "device", "kiosk-rules").isEmpty());
        assertFalse(scrape.all("adoption_hub_dead_letters_total", "reason", "unreadable").isEmpty());
        assertFalse(scrape.all("adoption_hub_enquiries_due_today_unanswered", "queue_kind", "central",
                "queue", "central").isEmpty());
    }

    @Test
    void everyMetricOfTheHubIsInTheDocs() throws Exception {
        String docs = Files.readString(DOCS);
        Matcher m = TYPE.matcher(scrape().text());
        List<String> undocumented = new ArrayList<>();
        int families = 0;
        while (m.find()) {
            families++;
            String family = m.group(1);
            // A timer's _max is described with the timer.
            String described = family.endsWith("_seconds_max") ? family.substring(0, family.length() - 4) : family;
            if (!Pattern.compile(Pattern.quote("`" + described) + "[`{]").matcher(docs).find()) {
                undocumented.add(described);
            }
        }
        assertTrue(families >= 15, "the scrape's own families: " + families);
        assertEquals(List.of(), undocumented, "the hub's metrics docs/deploy.md does not list");
    }
}
