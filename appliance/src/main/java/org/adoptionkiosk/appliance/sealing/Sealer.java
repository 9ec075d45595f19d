package org.adoptionkiosk.appliance.sealing;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * Seals a visitor's personal details to the hub's public key (HPKE, RFC 9180), so that neither the
 * kiosk's disk nor the broker ever holds them in clear. The record id is the context info: a sealed
 * part cannot be moved onto another record.
 *
 * <p>The key file is Tink's and the hub opens with Tink's {@code HybridDecrypt}, but the kiosk seals
 * with Bouncy Castle's HPKE: Tink's pure-Java X25519 made about 1.1 MB of garbage per enquiry, most
 * of the kiosk's allocation on a 64 MB heap. Only Tink's framing is ours: output prefix (empty for
 * the hub's NO_PREFIX key), then the encapsulated key, then the AEAD ciphertext; base mode, info =
 * the record id, empty associated data.
 */
public final class Sealer {
    private static final byte[] NO_ASSOCIATED_DATA = new byte[0];

    private final short aeadId;
    private final AsymmetricKeyParameter hubKey;
    private final byte[] outputPrefix;

    private Sealer(short aeadId, AsymmetricKeyParameter hubKey, byte[] outputPrefix) {
        this.aeadId = aeadId;
        this.hubKey = hubKey;
        this.outputPrefix = outputPrefix;
    }

    /**
     * Loads the hub's public keyset, as the hub writes it: Tink's JSON keyset format without
     * secret. A keyset holding a private key is refused.
     *
     * @throws HubKeyException naming the file and what is wrong with it
     */
    public static Sealer fromFile(Path keyFile) {
        String json;
        try {
            json = Files.readString(keyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HubKeyException("cannot read the hub key " + keyFile + ": " + e.getClass().getSimpleName());
        }
        return fromJson(json, keyFile.toString());
    }

    public static Sealer fromJson(String keysetJson, String source) {
        HpkePublicKey key;
        try {
            HybridConfig.register();
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(keysetJson);
            if (!(handle.getPrimary().getKey() instanceof HpkePublicKey hpke)) {
                throw new HubKeyException("the hub key " + source + " is not an HPKE public key");
            }
            key = hpke;
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof HubKeyException hke) {
                throw hke;
            }
            // Tink refuses secret material here, which is what a private keyset would be.
            throw new HubKeyException("the hub key " + source
                    + " is not a Tink JSON public keyset (HPKE, without secret): " + e.getMessage());
        }
        HpkeParameters params = key.getParameters();
        if (!HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256.equals(params.getKemId())
                || !HpkeParameters.KdfId.HKDF_SHA256.equals(params.getKdfId())) {
            throw new HubKeyException("the hub key " + source + " uses " + params.getKemId() + " with "
                    + params.getKdfId() + "; the kiosk seals with DHKEM_X25519_HKDF_SHA256 and HKDF_SHA256 only");
        }
        short aeadId = aeadId(params.getAeadId(), source);
        try {
            AsymmetricKeyParameter hubKey = hpke(aeadId).deserializePublicKey(key.getPublicKeyBytes().toByteArray());
            return new Sealer(aeadId, hubKey, key.getOutputPrefix().toByteArray());
        } catch (RuntimeException e) {
            throw new HubKeyException("the hub key " + source + " holds no usable X25519 public key");
        }
    }

    private static short aeadId(HpkeParameters.AeadId aead, String source) {
        if (HpkeParameters.AeadId.AES_256_GCM.equals(aead)) {
            return HPKE.aead_AES_GCM256;
        }
        if (HpkeParameters.AeadId.AES_128_GCM.equals(aead)) {
            return HPKE.aead_AES_GCM128;
        }
        if (HpkeParameters.AeadId.CHACHA20_POLY1305.equals(aead)) {
            return HPKE.aead_CHACHA20_POLY1305;
        }
        throw new HubKeyException("the hub key " + source + " uses the AEAD " + aead
                + "; the kiosk seals with AES_256_GCM, AES_128_GCM or CHACHA20_POLY1305 only");
    }

    private static HPKE hpke(short aeadId) {
        return new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, aeadId);
    }

    /** The sealed bytes, standard base64. Safe to call from several threads at once. */
    public String seal(byte[] plaintext, UUID recordId) {
        byte[] info = recordId.toString().getBytes(StandardCharsets.UTF_8);
        // Bouncy Castle's HPKE keeps its key agreement in a field, so one per sealing: it is small.
        HPKEContextWithEncapsulation context = hpke(aeadId).setupBaseS(hubKey, info);
        byte[] ciphertext;
        try {
            ciphertext = context.seal(NO_ASSOCIATED_DATA, plaintext);
        } catch (InvalidCipherTextException e) {
            // Bouncy Castle's message says nothing about the plaintext.
            throw new IllegalStateException("sealing failed: " + e.getMessage(), e);
        }
        byte[] encapsulated = context.getEncapsulation();
        byte[] sealed = new byte[outputPrefix.length + encapsulated.length + ciphertext.length];
        System.arraycopy(outputPrefix, 0, sealed, 0, outputPrefix.length);
        System.arraycopy(encapsulated, 0, sealed, outputPrefix.length, encapsulated.length);
        System.arraycopy(ciphertext, 0, sealed, outputPrefix.length + encapsulated.length, ciphertext.length);
        return Base64.getEncoder().encodeToString(sealed);
    }
}
