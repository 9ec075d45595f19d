package org.adoptionkiosk.appliance.figures;

import org.adoptionkiosk.appliance.event.KioskEvent;
import org.adoptionkiosk.appliance.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Counts this kiosk's records and footfall for the staff dashboard and its CSV export. */
public final class KioskFigures {
    private final Database db;
    private final Clock clock;
    private final ZoneId zone;

    /** @param zone the kiosk's local time, for "today" and its hours */
    public KioskFigures(Database db, Clock clock, ZoneId zone) {
        this.db = db;
        this.clock = clock;
        this.zone = zone;
    }

    /** Today by the hour, and the totals of {@code event} (all its days) when given. */
    public DayFigures today(KioskEvent event) {
        LocalDate date = LocalDate.now(clock.withZone(zone));
        return db.call(c -> {
            int[][] hours = new int[24][3];
            Instant from = date.atStartOfDay(zone).toInstant();
            Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT captured_at, type FROM records WHERE captured_at >= ? AND captured_at < ?")) {
                s.setObject(1, utc(from));
                s.setObject(2, utc(to));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        int hour = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).getHour();
                        hours[hour]["signin".equals(rs.getString(2)) ? 0 : 1]++;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT hour_start, visits FROM footfall WHERE hour_start >= ? AND hour_start < ?")) {
                s.setObject(1, utc(from));
                s.setObject(2, utc(to));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        hours[rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).getHour()][2] += rs.getInt(2);
                    }
                }
            }
            List<HourFigures> rows = new ArrayList<>(24);
            int signins = 0;
            int enquiries = 0;
            int footfall = 0;
            for (int h = 0; h < 24; h++) {
                rows.add(new HourFigures(h, hours[h][0], hours[h][1], hours[h][2]));
                signins += hours[h][0];
                enquiries += hours[h][1];
                footfall += hours[h][2];
            }
            return new DayFigures(date, List.copyOf(rows), new DayFigures.Totals(signins, enquiries, footfall),
                    event == null ? null : eventTotals(c, event));
        });
    }

    /** The event's records, and the footfall on its days (the sensor does not know of events). */
    private DayFigures.Totals eventTotals(Connection c, KioskEvent event) throws SQLException {
        int signins = 0;
        int enquiries = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT type, COUNT(*) FROM records WHERE event_id = ? GROUP BY type")) {
            s.setString(1, event.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if ("signin".equals(rs.getString(1))) {
                        signins = rs.getInt(2);
                    } else {
                        enquiries = rs.getInt(2);
                    }
                }
            }
        }
        int footfall;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COALESCE(SUM(visits), 0) FROM footfall WHERE hour_start >= ? AND hour_start < ?")) {
            s.setObject(1, utc(event.startsOn().atStartOfDay(zone).toInstant()));
            s.setObject(2, utc(event.endsOn().plusDays(1).atStartOfDay(zone).toInstant()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                footfall = rs.getInt(1);
            }
        }
        return new DayFigures.Totals(signins, enquiries, footfall);
    }

    /** Today's figures as CSV: counts only, nothing about any one visitor. */
    public String todayCsv(KioskEvent event, String deviceId) {
        DayFigures f = today(event);
        StringBuilder out = new StringBuilder("date,hour,device,event,signins,enquiries,footfall\r\n");
        for (HourFigures h : f.hours()) {
            out.append(f.date()).append(',').append(String.format("%02d:00", h.hour())).append(',')
                    .append(deviceId).append(',').append(event == null ? "" : event.id()).append(',')
                    .append(h.signins()).append(',').append(h.enquiries()).append(',').append(h.footfall())
                    .append("\r\n");
        }
        return out.toString();
    }

    private static OffsetDateTime utc(Instant i) {
        return OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }
}
