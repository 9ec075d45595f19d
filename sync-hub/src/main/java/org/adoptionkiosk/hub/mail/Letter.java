package org.adoptionkiosk.hub.mail;

/** One email's content: the subject, and the body as plain text and as HTML (sent as alternatives). */
public record Letter(String subject, String text, String html) {
}
