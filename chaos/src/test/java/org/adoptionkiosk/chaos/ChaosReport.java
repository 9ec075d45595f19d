package org.adoptionkiosk.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaos/target/chaos-report.json}: one member per test of this JVM's run (the chaos run, the
 * power cut), each with its seed, faults with times, captures answered, drain time and losses.
 * Rewritten whole after each test.
 */
final class ChaosReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Map<String, ObjectNode> SECTIONS = new LinkedHashMap<>();

    private ChaosReport() {
    }

    static Path file() {
        return Path.of(System.getProperty("chaos.report", "target/chaos-report.json"));
    }

    static synchronized Path write(String test, ObjectNode section) throws IOException {
        SECTIONS.put(test, section);
        ObjectNode all = MAPPER.createObjectNode();
        SECTIONS.forEach(all::set);
        Path file = file();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writeValue(tmp.toFile(), all);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
