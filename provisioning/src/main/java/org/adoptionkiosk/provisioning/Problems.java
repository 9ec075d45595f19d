package org.adoptionkiosk.provisioning;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.sql.SQLException;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Turning what a library threw into the tail of the tool's one line: the most telling cause, in
 * words, without a stack trace, an exception's class name, H2's error codes or a secret.
 */
final class Problems {
    private static final int MAX = 300;
    /** H2 appends its error code and version: {@code [90062-252]}. */
    private static final Pattern H2_CODE = Pattern.compile("\\s*\\[\\d+-\\d+]");
    /** {@code org.h2.jdbc.JdbcSQLNonTransientException: } and the like inside a message. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
    /** A password in a JDBC URL or a driver's message. */
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)\\b(password|passwd|pwd|passphrase)=[^&;\\s'\"]*");
    /** Jackson's way of saying a constructor refused the JSON: the refusal is what matters. */
    private static final Pattern JACKSON = Pattern.compile("Cannot construct instance of `[^`]*`, problem: ");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]+");

    private Problems() {
    }

    /**
     * The most telling cause of {@code e}: a file system problem anywhere in the chain (what file,
     * what went wrong) wins, then the first SQL exception's message (the driver's own words), then
     * the message of {@code e} itself.
     */
    static String cause(Throwable e) {
        FileSystemException fs = null;
        SQLException sql = null;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (fs == null && t instanceof FileSystemException f) {
                fs = f;
            }
            if (sql == null && t instanceof SQLException s) {
                sql = s;
            }
        }
        if (fs != null) {
            return describe(fs);
        }
        Throwable pick = sql != null ? sql : e;
        String m = pick.getMessage();
        if (m == null || m.isBlank()) {
            // A message-less library exception: its class name is all there is, in words.
            String name = pick.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
            return "no details (" + name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase() + ")";
        }
        return clean(m.replace("Failed to initialize pool: ", ""));
    }

    /** A library's message without H2's error codes, exception class names and Jackson's preamble, in one line. */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "no details";
        }
        String m = H2_CODE.matcher(message).replaceAll("");
        m = JACKSON.matcher(m).replaceAll("");
        m = CLASS_NAME.matcher(m).replaceAll("");
        return firstLine(m);
    }

    private static String describe(FileSystemException f) {
        String file = f.getFile() == null ? "a file" : f.getFile();
        if (f instanceof NoSuchFileException) {
            return file + ": no such file or folder";
        }
        if (f instanceof AccessDeniedException) {
            return file + ": permission denied";
        }
        if (f instanceof FileAlreadyExistsException) {
            return file + " already exists";
        }
        if (f instanceof NotDirectoryException) {
            return file + " is not a folder";
        }
        if (f instanceof DirectoryNotEmptyException) {
            return file + " is not empty";
        }
        String reason = f.getReason() == null ? "cannot be written" : firstLine(f.getReason()).toLowerCase();
        if (f.getOtherFile() != null) {
            // A rename into place: the place is what the operator knows, not the temporary name.
            return f.getOtherFile() + " cannot be replaced: " + reason;
        }
        return file + ": " + reason;
    }

    /** The first line of {@code text}, at most a few hundred characters. */
    static String firstLine(String text) {
        String s = text.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl).strip();
        }
        return s.length() > MAX ? s.substring(0, MAX) + "…" : s;
    }

    /**
     * What the tool prints: one line (control characters, newlines included, become a space) with
     * every known secret and every {@code password=…} replaced by {@code ***}.
     */
    static String line(String text, Collection<String> secrets) {
        String s = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                s = s.replace(secret, "***");
            }
        }
        s = PASSWORD_PARAM.matcher(s).replaceAll("$1=***");
        return CONTROL.matcher(s).replaceAll(" ").strip();
    }

    /** A JDBC URL without its parameters (which may carry a password) and without user information. */
    static String safeUrl(String jdbcUrl) {
        String u = jdbcUrl;
        int cut = u.length();
        for (char c : new char[] {'?', ';', '&'}) {
            int i = u.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return u.substring(0, cut).replaceAll("//[^/@]*@", "//");
    }
}
