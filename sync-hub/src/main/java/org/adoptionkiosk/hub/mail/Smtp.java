package org.adoptionkiosk.hub.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** Hands one email to the SMTP server (Jakarta Mail, Eclipse Angus): plain text and HTML as alternatives. */
final class Smtp {
    /** Short: a row of the outbox stays locked while its message is handed over. */
    private static final String TIMEOUT_MS = "20000";
    /** Says which kind of email this is: arrival, reminder-unclaimed, reminder-claimed, escalation, digest. */
    static final String KIND_HEADER = "X-Adoption-Hub-Mail";

    private final MailSettings settings;
    private final Session session;

    Smtp(MailSettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.put("mail.smtp.host", settings.smtpHost());
        p.put("mail.smtp.port", String.valueOf(settings.smtpPort()));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.put("mail.smtp.timeout", TIMEOUT_MS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MS);
        p.put("mail.smtp.auth", String.valueOf(settings.smtpUser() != null));
        switch (settings.security()) {
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                // Required, not opportunistic: a password never goes over a connection left plain.
                p.put("mail.smtp.starttls.required", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                p.put("mail.smtp.ssl.enable", "true");
                p.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
            }
        }
        this.session = Session.getInstance(p);
    }

    /**
     * Sends; returns normally only once the server has taken the message.
     *
     * @param messageId a Message-ID the same at every try of one outbox row, so a message that
     *                  reached the server twice (a try whose outcome was lost) can be seen as one
     */
    void send(String recipients, MailKind kind, Letter letter, String messageId, Date sentDate)
            throws MessagingException {
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(settings.from(), true));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(recipients, true));
        m.setSubject(letter.subject(), StandardCharsets.UTF_8.name());
        m.setSentDate(sentDate);
        // RFC 3834: made by a program; out-of-office replies should not answer it.
        m.setHeader("Auto-Submitted", "auto-generated");
        // For the mailbox's own rules (file escalations apart, say): what kind of email this is.
        m.setHeader(KIND_HEADER, kind.wire());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(letter.text(), StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setText(letter.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        m.setContent(alternative);
        m.saveChanges();
        if (settings.smtpUser() != null) {
            Transport.send(m, settings.smtpUser(), settings.smtpPassword());
        } else {
            Transport.send(m);
        }
    }
}
