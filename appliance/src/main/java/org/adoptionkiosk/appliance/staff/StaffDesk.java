package org.adoptionkiosk.appliance.staff;

import org.adoptionkiosk.appliance.config.PushedConfig;
import org.adoptionkiosk.appliance.device.HelpDesk;
import org.adoptionkiosk.appliance.device.KioskHardware;
import org.adoptionkiosk.appliance.event.EventStore;
import org.adoptionkiosk.appliance.event.KioskEvent;
import org.adoptionkiosk.appliance.figures.DayFigures;
import org.adoptionkiosk.appliance.figures.KioskFigures;
import org.adoptionkiosk.appliance.outbox.Outbox;
import org.adoptionkiosk.appliance.sync.DeviceHealth;
import org.adoptionkiosk.appliance.sync.SyncAgent;
import org.adoptionkiosk.appliance.sync.SyncStatus;
import org.adoptionkiosk.hardware.SimulatedBoard;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What regional staff see and do on the kiosk's dashboard. Everything here is counts and states:
 * a visitor's details are sealed to the hub at capture and never come back out on the kiosk.
 */
public final class StaffDesk {
    private final String deviceId;
    private final String version;
    private final long bootNanos;
    private final EventStore events;
    private final KioskFigures figures;
    private final SyncAgent agent;
    private final Outbox outbox;
    private final DeviceHealth health;
    private final HelpDesk help;
    private final KioskHardware hardware;
    private final PushedConfig pushedConfig;

    public StaffDesk(String deviceId, String version, long bootNanos, EventStore events, KioskFigures figures,
                     SyncAgent agent, Outbox outbox, DeviceHealth health, HelpDesk help, KioskHardware hardware,
                     PushedConfig pushedConfig) {
        this.deviceId = deviceId;
        this.version = version;
        this.bootNanos = bootNanos;
        this.events = events;
        this.figures = figures;
        this.agent = agent;
        this.outbox = outbox;
        this.health = health;
        this.help = help;
        this.hardware = hardware;
        this.pushedConfig = pushedConfig;
    }

    /** Everything the dashboard shows, as JSON-ready maps. */
    public Map<String, Object> dashboard() {
        EventStore.Current current = events.current();
        DayFigures day = figures.today(current.event());
        SyncStatus sync = agent.status();
        HelpDesk.Summary helpNow = help.summary();

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceId", deviceId);
        out.put("event", current.event());
        out.put("officeMode", current.officeMode());
        out.put("today", totals(day.today(), Map.of("date", day.date(), "hours", day.hours())));
        out.put("eventTotals", day.event() == null ? null : totals(day.event(), Map.of()));

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("backlog", sync.backlog());
        s.put("oldestUnsyncedAt", sync.oldestUnsyncedAt());
        s.put("lastAckAt", sync.lastAckAt());
        s.put("brokerConnected", sync.brokerConnected());
        s.put("clockOffsetMillis", sync.clockOffsetMillis());
        s.put("rejected", sync.rejected());
        out.put("sync", s);

        Map<String, Object> device = new LinkedHashMap<>();
        device.put("uptimeSeconds", (System.nanoTime() - bootNanos) / 1_000_000_000L);
        device.put("temperatureC", health.temperatureC());
        device.put("diskFreeBytes", health.diskFreeBytes());
        device.put("version", version);
        device.put("board", hardware.boardKind());
        device.put("simulated", hardware.simulated().isPresent());
        device.put("light", hardware.light().name());
        out.put("device", device);

        Map<String, Object> h = new LinkedHashMap<>();
        h.put("open", helpNow.open());
        h.put("lastRequestedAt", helpNow.lastRequestedAt());
        h.put("recent", help.recent(5));
        out.put("help", h);

        // What the hub set: staff must see at once when it has revoked this kiosk.
        PushedConfig.State config = pushedConfig.state();
        Map<String, Object> hub = new LinkedHashMap<>();
        hub.put("revoked", config.revoked());
        hub.put("configVersion", config.version());
        hub.put("configError", config.error());
        hub.put("retentionDays", config.retentionDays());
        out.put("hub", hub);
        return out;
    }

    private static Map<String, Object> totals(DayFigures.Totals t, Map<String, Object> more) {
        Map<String, Object> m = new LinkedHashMap<>(more);
        m.put("signins", t.signins());
        m.put("enquiries", t.enquiries());
        m.put("footfall", t.footfall());
        m.put("conversion", t.conversion());
        return m;
    }

    public KioskEvent setEvent(String name, String venue, LocalDate startsOn, LocalDate endsOn) {
        return events.setEvent(name, venue, startsOn, endsOn);
    }

    public void setOfficeMode(boolean on) {
        events.setOfficeMode(on);
    }

    public void syncNow() {
        agent.syncNow();
    }

    public int wipeSyncedPersonalData() {
        return outbox.wipeSyncedPersonalData();
    }

    public int answerHelp() {
        return help.answerAll();
    }

    /** Today's counts as CSV (no personal data). */
    public String todayCsv() {
        return figures.todayCsv(events.current().event(), deviceId);
    }

    /**
     * The demo's hardware: presses the simulated help button or triggers its motion sensor.
     *
     * @return false when the kiosk has real hardware (nothing to simulate)
     */
    public boolean simulate(String what) {
        Optional<SimulatedBoard> board = hardware.simulated();
        if (board.isEmpty() || what == null || !List.of("help", "motion").contains(what)) {
            return false;
        }
        if (what.equals("help")) {
            board.get().pressHelp();
        } else {
            board.get().triggerMotion();
        }
        return true;
    }
}
