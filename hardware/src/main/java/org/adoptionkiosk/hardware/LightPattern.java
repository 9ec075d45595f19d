package org.adoptionkiosk.hardware;

/** What the kiosk's status light shows. */
public enum LightPattern {
    /** Everything captured is synced to the hub. */
    STEADY_GREEN,
    /** A backlog exists and is draining. */
    SLOW_AMBER,
    /** Broker unreachable for a long time, or disk nearly full. */
    FAST_RED,
    /** Shutting down. */
    OFF
}
