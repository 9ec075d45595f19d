package org.adoptionkiosk.hub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The hub's version and the Chart.js version it serves, written into the jar by the build. */
public record BuildInfo(String version, String chartVersion) {
    public static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/hub-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("/hub-build.properties is missing from the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildInfo(p.getProperty("version"), p.getProperty("chartjs"));
    }
}
