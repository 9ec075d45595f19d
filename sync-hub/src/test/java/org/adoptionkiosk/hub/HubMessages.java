package org.adoptionkiosk.hub;

import org.adoptionkiosk.hub.keys.SigningKeys;
import org.adoptionkiosk.protocol.Ack;
import org.adoptionkiosk.protocol.DeviceConfig;
import org.adoptionkiosk.protocol.HubSignature;
import org.adoptionkiosk.protocol.Topics;
import org.adoptionkiosk.protocol.WireCodec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** What the hub sends a kiosk, opened as a kiosk opens it: verified against the hub's public signing key. */
final class HubMessages {
    private static final WireCodec CODEC = new WireCodec();

    private HubMessages() {
    }

    static Ack ack(Path hubDir, String deviceId, byte[] payload) throws Exception {
        return CODEC.decodeAck(open(hubDir, Topics.ack(deviceId), payload));
    }

    static DeviceConfig config(Path hubDir, String deviceId, byte[] payload) throws Exception {
        return CODEC.decodeConfig(open(hubDir, Topics.config(deviceId), payload));
    }

    static byte[] open(Path hubDir, String topic, byte[] payload) throws Exception {
        return HubSignature.open(HubSignature.verifier(Files.readString(hubDir.resolve(SigningKeys.PUBLIC_FILE))),
                CODEC, topic, payload);
    }

    /** A second hub instance shares the first one's identity: its key files, copied before it starts. */
    static void shareKeys(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("hub-.*keyset.*\\.json")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
