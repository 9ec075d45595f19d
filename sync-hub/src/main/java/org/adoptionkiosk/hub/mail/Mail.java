package org.adoptionkiosk.hub.mail;

/**
 * The follow-up mail as the dashboard and the hub see it: whether it is on, who each queue's
 * mailboxes are, the outbox, and the sender and scheduler (which run by themselves on the mail
 * thread; calling them sends or writes what is due at once).
 */
public record Mail(MailSettings settings, MailQueues queues, Outbox outbox, MailSender sender,
                   MailScheduler scheduler) {
    /** Whether emails are sent (else they wait in the outbox). */
    public boolean on() {
        return settings.enabled();
    }
}
