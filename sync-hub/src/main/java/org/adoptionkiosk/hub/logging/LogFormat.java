package org.adoptionkiosk.hub.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** How the hub's log lines look: {@code text} (the default) or {@code json} lines. */
public enum LogFormat {
    TEXT("hub-logback.xml"), JSON("hub-logback-json.xml");

    private static final String CONFIGURATION = "logback.configurationFile";

    /** Logback's configuration for this format, on the class path. */
    public final String resource;

    LogFormat(String resource) {
        this.resource = resource;
    }

    /**
     * @throws IllegalArgumentException naming the option when {@code value} is neither
     */
    public static LogFormat parse(String value) {
        for (LogFormat f : values()) {
            if (f.key().equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("--log-format must be text or json, not '" + value + "'");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Makes Logback write this format from now on. Logback configured itself (with the text
     * format) when the first logger was made, before the command line was read, so another format
     * means configuring it again. An operator's own configuration file is left to say what it says.
     */
    public void apply() {
        String current = System.getProperty(CONFIGURATION);
        if (current == null || current.equals(resource) || !current.equals(TEXT.resource)) {
            return;
        }
        System.setProperty(CONFIGURATION, resource);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (JoranException e) {
                throw new IllegalStateException("the logging configuration could not be read again: "
                        + e.getMessage(), e);
            }
        }
    }
}
