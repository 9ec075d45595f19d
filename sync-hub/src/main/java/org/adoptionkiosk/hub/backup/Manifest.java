package org.adoptionkiosk.hub.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.adoptionkiosk.hub.keys.HubIdentity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a backup holds, written first in it ({@code manifest.json}): when and by which hub it was
 * made, the store's kind, schema and schema version, how many records, the keys' fingerprints and
 * the key files. Counts and fingerprints only: nothing personal.
 *
 * @param store         {@link StoreKind#H2} or {@link StoreKind#POSTGRESQL}
 * @param schema        the PostgreSQL schema the hub's tables are in; null for H2
 * @param schemaVersion the store's Flyway schema version
 * @param keyFiles      the key files' names, as in the data folder
 * @param keysEncrypted whether the private keys are passphrase-encrypted (the hub then needs the key passphrase)
 */
public record Manifest(Instant createdAt, String hubVersion, StoreKind store, String schema, String schemaVersion,
                       long records, long enquiries, HubIdentity.Fingerprints keys, List<String> keyFiles,
                       boolean keysEncrypted) {
    static final String ENTRY = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Manifest {
        keyFiles = List.copyOf(keyFiles);
    }

    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", BackupCipher.FORMAT);
        root.put("createdAt", createdAt.toString());
        root.put("hubVersion", hubVersion);
        root.put("store", store.wire());
        if (schema != null) {
            root.put("schema", schema);
        }
        root.put("schemaVersion", schemaVersion);
        root.put("records", records);
        root.put("enquiries", enquiries);
        ObjectNode k = root.putObject("keys");
        k.put("sealing", keys.sealing());
        k.put("signing", keys.signing());
        k.put("index", keys.index());
        ArrayNode files = root.putArray("keyFiles");
        keyFiles.forEach(files::add);
        root.put("keysEncrypted", keysEncrypted);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the manifest could not be written", e);
        }
    }

    static Manifest fromJson(byte[] json, String name) throws BackupException {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !BackupCipher.FORMAT.equals(root.path("format").asText())) {
                throw damaged(name);
            }
            StoreKind store = StoreKind.fromWire(root.path("store").asText());
            List<String> files = new ArrayList<>();
            for (JsonNode f : root.path("keyFiles")) {
                files.add(f.asText());
            }
            JsonNode k = root.path("keys");
            String version = root.path("schemaVersion").asText();
            if (store == null || version.isEmpty() || files.isEmpty() || !k.isObject()) {
                throw damaged(name);
            }
            for (String kind : List.of("sealing", "signing", "index")) {
                if (!k.path(kind).asText().matches("[0-9a-f]{64}")) {
                    throw damaged(name);
                }
            }
            return new Manifest(Instant.parse(root.path("createdAt").asText()), root.path("hubVersion").asText(),
                    store, root.hasNonNull("schema") ? root.path("schema").asText() : null, version,
                    root.path("records").asLong(), root.path("enquiries").asLong(),
                    new HubIdentity.Fingerprints(k.path("sealing").asText(), k.path("signing").asText(),
                            k.path("index").asText()),
                    files, root.path("keysEncrypted").asBoolean());
        } catch (IOException | DateTimeParseException e) {
            throw damaged(name);
        }
    }

    private static BackupException damaged(String name) {
        return new BackupException(name + " is damaged: its manifest cannot be read");
    }

    /** One line about the backup, for the operator: no personal data. */
    String summary() {
        return "made " + createdAt + " by sync-hub " + hubVersion + ", " + store.title()
                + (schema == null || schema.equals("public") ? "" : " (schema " + schema + ")")
                + ", schema version " + schemaVersion + ", " + records + " records, " + enquiries + " enquiries;"
                + " keys: sealing " + keys.sealing().substring(0, 12) + "…, signing " + keys.signing().substring(0, 12)
                + "…, index " + keys.index().substring(0, 12) + "…";
    }
}
