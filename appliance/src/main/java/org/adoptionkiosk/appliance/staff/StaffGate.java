package org.adoptionkiosk.appliance.staff;

import org.adoptionkiosk.appliance.store.Database;
import org.adoptionkiosk.appliance.store.Settings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Checks staff PINs. Five wrong tries in a row lock the PIN pad, first for 30 seconds, then twice
 * as long each time it locks again (at most an hour); a right PIN clears the count. The count and
 * the lock are kept in H2, so pulling the plug does not reset them.
 */
public final class StaffGate {
    public static final int TRIES = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration LONGEST_LOCK = Duration.ofHours(1);
    private static final String FAILURES = "pin_failures";
    private static final String LOCKS = "pin_locks";
    private static final String LOCKED_UNTIL = "pin_locked_until";

    /**
     * What a try came to.
     *
     * @param triesLeft   wrong tries left before the pad locks (when not ok and not locked)
     * @param lockedUntil when the pad opens again, or null when it is not locked
     */
    public record Outcome(boolean ok, int triesLeft, Instant lockedUntil) {
    }

    private final Database db;
    private final Clock clock;
    private final Supplier<String> pinHash;

    /** @param pinHash the current PIN hash, or null when no PIN is set up */
    public StaffGate(Database db, Clock clock, Supplier<String> pinHash) {
        this.db = db;
        this.clock = clock;
        this.pinHash = pinHash;
    }

    public boolean isSetUp() {
        return pinHash.get() != null;
    }

    /** When the pad opens again, or null when it is open now. */
    public Instant lockedUntil() {
        Instant now = clock.instant();
        Instant until = db.call(c -> Settings.get(c, LOCKED_UNTIL).map(Instant::parse).orElse(null));
        return until != null && until.isAfter(now) ? until : null;
    }

    /** One try. Serialised, so two quick tries cannot both slip under the limit. */
    public synchronized Outcome attempt(String pin) {
        Instant locked = lockedUntil();
        if (locked != null) {
            return new Outcome(false, 0, locked);
        }
        String hash = pinHash.get();
        boolean ok = hash != null && PinHash.matches(pin, hash);
        return db.call(c -> {
            if (ok) {
                Settings.put(c, FAILURES, null);
                Settings.put(c, LOCKS, null);
                Settings.put(c, LOCKED_UNTIL, null);
                return new Outcome(true, TRIES, null);
            }
            int failures = Settings.get(c, FAILURES).map(Integer::parseInt).orElse(0) + 1;
            if (failures < TRIES) {
                Settings.put(c, FAILURES, Integer.toString(failures));
                return new Outcome(false, TRIES - failures, null);
            }
            int locks = Settings.get(c, LOCKS).map(Integer::parseInt).orElse(0) + 1;
            Instant until = clock.instant().plus(lockFor(locks));
            Settings.put(c, FAILURES, null);
            Settings.put(c, LOCKS, Integer.toString(locks));
            Settings.put(c, LOCKED_UNTIL, until.toString());
            return new Outcome(false, 0, until);
        });
    }

    /** 30 s, 60 s, 120 s … for the first, second, third lock in a row; at most an hour. */
    static Duration lockFor(int locks) {
        Duration d = FIRST_LOCK;
        for (int i = 1; i < locks && d.compareTo(LONGEST_LOCK) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : d;
    }
}
