package org.adoptionkiosk.hub.mail;

import java.util.Arrays;

/** What an email of the outbox is for; {@link #wire()} is what the outbox's {@code kind} holds. */
public enum MailKind {
    /** At once, to the enquiry's queue. */
    ARRIVAL("arrival"),
    /** The 3rd working day, nobody has claimed it: to the queue. */
    REMINDER_UNCLAIMED("reminder-unclaimed"),
    /** The 4th working day, still no first response: to the queue (the hub's accounts have no email). */
    REMINDER_CLAIMED("reminder-claimed"),
    /** The due day (the 5th working day), still no first response: to the central team. */
    ESCALATION("escalation"),
    /** Each working day at the set hour, per queue: due today, overdue, not yet taken on. */
    DIGEST("digest");

    private final String wire;

    MailKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether a first response (or closing the enquiry) makes it pointless: reminders and escalations. */
    public boolean stopsOnResponse() {
        return this == REMINDER_UNCLAIMED || this == REMINDER_CLAIMED || this == ESCALATION;
    }

    public static MailKind ofWire(String wire) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mail kind " + wire));
    }
}
