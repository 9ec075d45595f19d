package org.adoptionkiosk.appliance.staff;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The staff member signed in on this kiosk, if any: one session at a time (one screen), ended
 * after two minutes without a staff action. The session's token lives in an HttpOnly cookie; its
 * CSRF token must come back in a header with every change.
 */
public final class StaffSessions {
    public static final Duration IDLE_LIMIT = Duration.ofMinutes(2);

    /** A signed-in session. */
    public record Session(String token, String csrf, Instant lastAction) {
    }

    private final Clock clock;
    private final SecureRandom random;
    private Session session;

    public StaffSessions(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** Starts a session, replacing any other. */
    public synchronized Session open() {
        session = new Session(token(), token(), clock.instant());
        return session;
    }

    /** The live session with this token; an idle one is ended here. */
    public synchronized Optional<Session> find(String token) {
        if (session == null || token == null) {
            return Optional.empty();
        }
        if (clock.instant().isAfter(session.lastAction().plus(IDLE_LIMIT))) {
            session = null;
            return Optional.empty();
        }
        return same(session.token(), token) ? Optional.of(session) : Optional.empty();
    }

    /** A staff action: the two minutes start again. */
    public synchronized void touch(Session s) {
        if (session != null && session.token().equals(s.token())) {
            session = new Session(s.token(), s.csrf(), clock.instant());
        }
    }

    public synchronized void close() {
        session = null;
    }

    public static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private String token() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
