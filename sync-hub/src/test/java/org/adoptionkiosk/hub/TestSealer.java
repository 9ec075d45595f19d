package org.adoptionkiosk.hub;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridConfig;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

/** Seals a visitor's details to a hub's public key, as a kiosk does at capture. */
final class TestSealer {
    private final HybridEncrypt encrypt;
    private final WireCodec codec = new WireCodec();

    TestSealer(Path publicKeyFile) throws Exception {
        HybridConfig.register();
        KeysetHandle keys = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(
                Files.readString(publicKeyFile, StandardCharsets.UTF_8));
        encrypt = keys.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    }

    String seal(SealedPersonal person, UUID recordId) throws Exception {
        return Base64.getEncoder().encodeToString(encrypt.encrypt(codec.encode(person),
                recordId.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
