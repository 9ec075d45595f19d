package org.adoptionkiosk.appliance.web;

/**
 * How the visitor screens treat time: after {@code idleSeconds} without a touch they ask "are you
 * still there?", give {@code warningSeconds} to answer, then wipe everything and go back to the
 * start; the thank-you screen goes back by itself after {@code thanksSeconds}.
 */
public record ScreenTimings(int idleSeconds, int warningSeconds, int thanksSeconds) {
    /** WCAG 2.2.1 (timing adjustable): at least 20 seconds to say "I'm still here". */
    public static final int MIN_WARNING_SECONDS = 20;
    public static final ScreenTimings DEFAULT = new ScreenTimings(60, 30, 20);

    public ScreenTimings {
        if (idleSeconds < 1 || idleSeconds > 3600) {
            throw new IllegalArgumentException("--idle-seconds must be between 1 and 3600");
        }
        if (warningSeconds < 1 || warningSeconds > 600) {
            throw new IllegalArgumentException("--idle-warning-seconds must be between 1 and 600");
        }
        if (thanksSeconds < 1 || thanksSeconds > 600) {
            throw new IllegalArgumentException("--thanks-seconds must be between 1 and 600");
        }
    }
}
