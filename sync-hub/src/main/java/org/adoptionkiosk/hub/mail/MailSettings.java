package org.adoptionkiosk.hub.mail;

import java.util.Locale;

/**
 * How the hub sends its follow-up mail. With no SMTP host, mail is off: messages are still written
 * to the outbox and wait there (nothing is lost), and the dashboard says mail is off.
 *
 * @param smtpHost   the SMTP server (a local relay such as postfix, or the organisation's), or null
 * @param smtpPort   its port
 * @param security   none, starttls (required, not opportunistic) or tls (SMTPS)
 * @param smtpUser   the SMTP user, or null for no authentication
 * @param smtpPassword its password (from {@code --smtp-password-file}), or null
 * @param from       the From address
 * @param publicUrl  the dashboard's address as staff reach it, for the links in emails (no trailing
 *                   slash), or null: the links are then the page's path alone
 * @param hour       the hour (0-23, Wales's time) from which each working day's reminders,
 *                   escalations and digests are written
 */
public record MailSettings(String smtpHost, int smtpPort, Security security, String smtpUser, String smtpPassword,
                           String from, String publicUrl, int hour) {
    public static final int DEFAULT_HOUR = 8;

    /** How the connection to the SMTP server is protected. */
    public enum Security {
        NONE, STARTTLS, TLS;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The usual port: 25 for a plain relay, 587 for submission with STARTTLS, 465 for SMTPS. */
        public int defaultPort() {
            return switch (this) {
                case NONE -> 25;
                case STARTTLS -> 587;
                case TLS -> 465;
            };
        }
    }

    /** Mail off: nothing configured. */
    public static final MailSettings OFF = new MailSettings(null, 0, Security.STARTTLS, null, null, null, null,
            DEFAULT_HOUR);

    public MailSettings {
        if (security == null) {
            security = Security.STARTTLS;
        }
        if (publicUrl != null) {
            while (publicUrl.endsWith("/")) {
                publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
            }
        }
    }

    /** Whether messages are sent at all (else they wait in the outbox). */
    public boolean enabled() {
        return smtpHost != null;
    }

    /** A copy with another SMTP port (tests: the in-process server's). */
    public MailSettings withPort(int port) {
        return new MailSettings(smtpHost, port, security, smtpUser, smtpPassword, from, publicUrl, hour);
    }

    /** The password never appears in logs or error output. */
    @Override
    public String toString() {
        return "MailSettings[smtpHost=" + smtpHost + ", smtpPort=" + smtpPort + ", security=" + security.wire()
                + ", smtpUser=" + smtpUser + ", smtpPassword=" + (smtpPassword == null ? "none" : "***")
                + ", from=" + from + ", publicUrl=" + publicUrl + ", hour=" + hour + "]";
    }
}
