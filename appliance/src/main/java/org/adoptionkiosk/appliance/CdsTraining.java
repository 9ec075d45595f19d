package org.adoptionkiosk.appliance;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.SignatureConfig;
import org.adoptionkiosk.appliance.sealing.HubSigningKey;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -XX:ArchiveClassesAtExit=F -jar appliance.jar cds-training}: starts a kiosk the way
 * the Pi does, on throwaway data and keys of its own, asks it for what a visitor's first minute
 * asks (the health check, the page and its data), stops it and exits, so the JVM writes the classes
 * it loaded into F. The package's build and its postinst run this (docs/kiosk.md). It touches no
 * GPIO (simulated board), no broker (sync is tried against a closed local port) and no port that
 * is in use (port 0), so it is safe beside a running kiosk.
 */
final class CdsTraining {
    /** What the touchscreen asks for as it comes up. */
    static final List<String> PATHS = List.of("/healthz", "/", "/api/status", "/api/regions", "/api/privacy",
            "/api/form-options");

    private CdsTraining() {
    }

    static int run(PrintStream out, PrintStream err) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kiosk-cds-training");
            Path hubKey = writeKeys(dir);
            ApplianceConfig config = ApplianceConfig.parse(new String[] {"--http-port", "0",
                    "--data", dir.resolve("data").toString(), "--broker", "tcp://127.0.0.1:1",
                    "--device-id", "cds-training", "--hub-key", hubKey.toString(), "--hardware", "simulated"},
                    Map.of());
            try (Appliance kiosk = Appliance.start(config)) {
                for (String path : PATHS) {
                    get(kiosk.httpPort(), path);
                }
            }
            out.println("cds-training: the kiosk started, answered " + PATHS.size() + " requests and stopped");
            out.flush();
            return 0;
        } catch (Exception e) {
            err.println("appliance: cds-training failed: " + e);
            return 1;
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /** A sealing and a signing public keyset, as a hub's data folder holds them (their private halves are dropped). */
    private static Path writeKeys(Path dir) throws GeneralSecurityException, IOException {
        HybridConfig.register();
        SignatureConfig.register();
        KeysetHandle sealing = KeysetHandle.generateNew(HpkeParameters.builder()
                .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                .setVariant(HpkeParameters.Variant.NO_PREFIX)
                .build());
        KeysetHandle signing = KeysetHandle.generateNew(Ed25519Parameters.create(Ed25519Parameters.Variant.TINK));
        Path hubKey = dir.resolve("hub-public.keyset.json");
        Files.writeString(hubKey, TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
                sealing.getPublicKeysetHandle()), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HubSigningKey.FILE), TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(
                signing.getPublicKeysetHandle()), StandardCharsets.UTF_8);
        return hubKey;
    }

    private static void get(int port, String path) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        try {
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IOException("GET " + path + " answered " + status);
            }
            try (InputStream body = c.getInputStream()) {
                body.readAllBytes();
            }
        } finally {
            c.disconnect();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder: the system cleans it in the end
        }
    }
}
