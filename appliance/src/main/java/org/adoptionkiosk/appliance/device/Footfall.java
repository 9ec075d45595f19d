package org.adoptionkiosk.appliance.device;

import org.adoptionkiosk.appliance.store.Database;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Counts people passing the stand from the motion sensor. A PIR sensor keeps firing while someone
 * stands in front of it, so motion within {@link #REARM} of the last counted motion is the same
 * visit. Counts go to H2 by the hour.
 */
public final class Footfall {
    static final Duration REARM = Duration.ofSeconds(10);

    private final Database db;
    private final Clock clock;
    private Instant lastCounted;

    public Footfall(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Motion seen; returns whether it counted as a new visit. */
    public synchronized boolean motion() {
        Instant now = clock.instant();
        if (lastCounted != null && now.isBefore(lastCounted.plus(REARM))) {
            return false;
        }
        lastCounted = now;
        OffsetDateTime hour = OffsetDateTime.ofInstant(now.truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC);
        db.call(c -> {
            try (PreparedStatement s = c.prepareStatement("MERGE INTO footfall f USING (VALUES (CAST(? AS TIMESTAMP(0) "
                    + "WITH TIME ZONE))) v(h) ON f.hour_start = v.h WHEN MATCHED THEN UPDATE SET visits = visits + 1 "
                    + "WHEN NOT MATCHED THEN INSERT (hour_start, visits) VALUES (v.h, 1)")) {
                s.setObject(1, hour);
                s.executeUpdate();
            }
            return null;
        });
        return true;
    }
}
