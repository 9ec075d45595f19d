package org.adoptionkiosk.hub.cli;

import org.adoptionkiosk.hub.mail.MailSettings;
import org.adoptionkiosk.protocol.RegionMap;
import org.adoptionkiosk.protocol.options.Cli;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The hub's follow-up mail: the SMTP server, the From address and the dashboard's address for the
 * links. Without {@code --smtp-host} mail is off and messages wait in the outbox.
 */
public final class MailOptions {
    @Option(names = "--smtp-host", paramLabel = "HOST",
            description = "the SMTP server for the follow-up emails, e.g. a local postfix relay (default: none; "
                    + "mail is off and emails wait in the outbox)")
    String host;

    @Option(names = "--smtp-port", paramLabel = "P", converter = Cli.Port.class,
            description = "its port (default 25 with --smtp-security none, 587 with starttls, 465 with tls)")
    Integer port;

    @Option(names = "--smtp-security", paramLabel = "MODE",
            description = "none, starttls (required, the default) or tls")
    String security;

    @Option(names = "--smtp-user", paramLabel = "USER",
            description = "the SMTP user, when the server wants one (needs --smtp-password-file)")
    String user;

    @Option(names = "--smtp-password-file", paramLabel = "FILE",
            description = "the SMTP user's password, on the file's first line")
    String passwordFile;

    @Option(names = "--mail-from", paramLabel = "ADDRESS",
            description = "the From address of the emails (needed with --smtp-host)")
    String from;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "the dashboard's address as staff reach it, for the links in emails, e.g. "
                    + "https://hub.example.org (needed with --smtp-host)")
    String publicUrl;

    @Option(names = "--mail-hour", paramLabel = "H",
            description = "the hour (0-23, Wales's time) of each working day's reminders, escalations and digests "
                    + "(default 8)")
    Integer hour;

    /**
     * The mail settings, checked.
     *
     * @throws IllegalArgumentException with one line naming the option at fault
     */
    public MailSettings settings() {
        String h = Cli.given(host);
        String url = url(Cli.given(publicUrl));
        int at = hour == null ? MailSettings.DEFAULT_HOUR : hour;
        if (at < 0 || at > 23) {
            throw new IllegalArgumentException("--mail-hour must be a whole hour from 0 to 23, not '" + at + "'");
        }
        MailSettings.Security mode = security(Cli.given(security));
        String u = Cli.given(user);
        String f = Cli.given(from);
        if (h == null) {
            for (String[] given : new String[][] {{"--smtp-port", port == null ? null : "x"},
                    {"--smtp-security", Cli.given(security)}, {"--smtp-user", u},
                    {"--smtp-password-file", Cli.given(passwordFile)}, {"--mail-from", f}}) {
                if (given[1] != null) {
                    throw new IllegalArgumentException(given[0] + " needs --smtp-host (without it mail is off)");
                }
            }
            return new MailSettings(null, 0, MailSettings.Security.STARTTLS, null, null, null, url, at);
        }
        if (h.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '/' || ch == '@')) {
            throw new IllegalArgumentException("--smtp-host must be a host name or address, not '" + h + "'");
        }
        if (f == null) {
            throw new IllegalArgumentException("--mail-from is needed with --smtp-host: the From of the emails");
        }
        if (!RegionMap.isEmailAddress(f)) {
            throw new IllegalArgumentException("--mail-from must be one email address, not '" + f + "'");
        }
        if (url == null) {
            throw new IllegalArgumentException("--public-url is needed with --smtp-host: the emails link to the "
                    + "dashboard");
        }
        String password = password(u);
        if (u != null && mode == MailSettings.Security.NONE) {
            throw new IllegalArgumentException("--smtp-user needs --smtp-security starttls or tls: a password is "
                    + "never sent in clear");
        }
        return new MailSettings(h, port == null ? mode.defaultPort() : port, mode, u, password, f, url, at);
    }

    private static MailSettings.Security security(String s) {
        if (s == null) {
            return MailSettings.Security.STARTTLS;
        }
        for (MailSettings.Security m : MailSettings.Security.values()) {
            if (m.wire().equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("--smtp-security must be none, starttls or tls, not '" + s + "'");
    }

    private String password(String u) {
        Path file = Cli.path("--smtp-password-file", passwordFile);
        if (u == null && file == null) {
            return null;
        }
        if (u == null) {
            throw new IllegalArgumentException("--smtp-password-file needs --smtp-user");
        }
        if (file == null) {
            throw new IllegalArgumentException("--smtp-user needs --smtp-password-file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--smtp-password-file " + file + ": cannot be read");
        }
        String line = text.lines().findFirst().orElse("").replace("\r", "");
        if (line.isEmpty()) {
            throw new IllegalArgumentException("--smtp-password-file " + file + " is empty");
        }
        return line;
    }

    /** The dashboard's address: http(s), a host, perhaps a port and a path; no query, no fragment. */
    private static String url(String s) {
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getQuery() == null
                    && u.getFragment() == null && u.getUserInfo() == null) {
                return s;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException("--public-url must be the dashboard's http:// or https:// address, not '"
                + s + "'");
    }
}
