package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.protocol.RegionMap;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** What people read, in Welsh and English: one file per language so each can be reviewed. */
public final class Texts {
    private final Properties cy;
    private final Properties en;

    public Texts() {
        this.cy = load("text_cy.properties");
        this.en = load("text_en.properties");
    }

    private static Properties load(String name) {
        Properties p = new Properties();
        try (InputStream in = Texts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Both languages of one text; a missing key shows the key, which a test catches. */
    public RegionMap.Names get(String key) {
        return new RegionMap.Names(cy.getProperty(key, key), en.getProperty(key, key));
    }
}
