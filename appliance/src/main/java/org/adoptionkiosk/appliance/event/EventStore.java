package org.adoptionkiosk.appliance.event;

import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.Settings;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.DeviceConfig.EventSpec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which event the kiosk is at, or whether it is in office mode, kept in H2 and cached here so a
 * capture reads it without touching the database. Staff set it from the dashboard.
 */
public final class EventStore {
    private static final String CURRENT = "current_event";
    private static final String OFFICE = "office_mode";

    /** What captures and the status read: the current event, and office mode. */
    public record Current(KioskEvent event, boolean officeMode) {
        /** The id records carry: the event's, or none in office mode. */
        public String eventId() {
            return officeMode || event == null ? null : event.id();
        }
    }

    private final Database db;
    private final Clock clock;
    private final AtomicReference<Current> current = new AtomicReference<>(new Current(null, false));

    /**
     * Loads the current event; when none was ever set and {@code initialEventId} is given (the
     * {@code --event-id} option), that becomes the current event, named by its id.
     */
    public EventStore(Database db, Clock clock, String initialEventId) {
        this.db = db;
        this.clock = clock;
        current.set(db.call(c -> {
            Optional<String> id = Settings.get(c, CURRENT);
            if (id.isEmpty() && initialEventId != null) {
                LocalDate today = LocalDate.now(clock);
                KioskEvent seeded = new KioskEvent(initialEventId, initialEventId, null, today, today);
                save(c, seeded);
                id = Optional.of(initialEventId);
            }
            KioskEvent event = id.isPresent() ? find(c, id.get()) : null;
            return new Current(event, Settings.get(c, OFFICE).map(Boolean::parseBoolean).orElse(false));
        }));
    }

    public Current current() {
        return current.get();
    }

    /** The id today's records carry, or null (no event set, or office mode). */
    public String currentEventId() {
        return current.get().eventId();
    }

    /**
     * Makes an event current (and ends office mode). The id is made from the name and first day,
     * so setting the same event again keeps its id and its figures together.
     *
     * @throws EventRejected when a field is missing or out of bounds ({@link EventSpec#validate()})
     */
    public KioskEvent setEvent(String name, String venue, LocalDate startsOn, LocalDate endsOn) {
        return setEvent(name, venue, startsOn, endsOn, true);
    }

    /**
     * As {@link #setEvent(String, String, LocalDate, LocalDate)}; with {@code endOfficeMode} false an
     * office mode that is on stays on (the hub sent an event but no mode), in the same transaction.
     */
    public KioskEvent setEvent(String name, String venue, LocalDate startsOn, LocalDate endsOn,
                               boolean endOfficeMode) {
        EventSpec spec = new EventSpec(name, venue, startsOn, endsOn).normalized();
        Map<String, String> problems = spec.validate();
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new EventRejected(staffCode(first.getKey(), first.getValue()), first.getKey());
        }
        LocalDate ends = endsOn == null ? startsOn : endsOn;
        KioskEvent event = new KioskEvent(idFor(spec.name(), startsOn), spec.name(), spec.venue(), startsOn, ends);
        db.call(c -> {
            save(c, event);
            if (endOfficeMode) {
                Settings.put(c, OFFICE, null);
            }
            return null;
        });
        current.updateAndGet(now -> new Current(event, !endOfficeMode && now.officeMode()));
        return event;
    }

    public void setOfficeMode(boolean on) {
        db.call(c -> {
            Settings.put(c, OFFICE, on ? "true" : null);
            return null;
        });
        current.updateAndGet(now -> new Current(now.event(), on));
    }

    /** "Eisteddfod Genedlaethol 2026" from 1 August → {@code eisteddfod-genedlaethol-2026-2026-08-01}. */
    static String idFor(String name, LocalDate startsOn) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        String date = startsOn.toString();
        int room = 64 - date.length() - 1;
        if (slug.length() > room) {
            slug = slug.substring(0, room).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "event-" + date : slug + "-" + date;
    }

    private void save(Connection c, KioskEvent e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("MERGE INTO events (id, name, venue, starts_on, ends_on, set_at) "
                + "KEY (id) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, e.id());
            s.setString(2, e.name());
            s.setString(3, e.venue());
            s.setObject(4, e.startsOn());
            s.setObject(5, e.endsOn());
            s.setObject(6, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            s.executeUpdate();
        }
        Settings.put(c, CURRENT, e.id());
    }

    private static KioskEvent find(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT name, venue, starts_on, ends_on FROM events WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new KioskEvent(id, rs.getString(1), rs.getString(2), rs.getObject(3, LocalDate.class),
                        rs.getObject(4, LocalDate.class));
            }
        }
    }

    /**
     * The staff screen's code ({@code staff.error.<code>} in both bundles) for a problem the shared
     * rules found: one message for every date problem, as the screen has always said it.
     */
    static String staffCode(String field, String problem) {
        return switch (problem) {
            case DeviceConfig.REQUIRED -> field.equals("name") ? "event_name_required" : "event_dates_invalid";
            case DeviceConfig.TOO_LONG -> "text_too_long";
            case DeviceConfig.INVALID_TEXT -> "text_invalid";
            default -> "event_dates_invalid";
        };
    }
}
