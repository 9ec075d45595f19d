package org.adoptionkiosk.protocol;

import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.signature.SignatureConfig;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Only the hub commands a kiosk: it signs every ack and config with its signing key, and a kiosk
 * applies only what verifies against the hub's public signing key. The signature covers the topic
 * as well as the message, so an ack for one kiosk cannot be replayed to another, nor an ack as a
 * config. A broker's ACLs are a second wall, not the only one.
 */
public final class HubSignature {
    /** Tells this use of the key from any other, should the key ever sign anything else. */
    private static final byte[] CONTEXT = "adoption-kiosk hub message v1\n".getBytes(StandardCharsets.UTF_8);

    private HubSignature() {
    }

    /** The hub's side: {@code message} (JSON) as the signed envelope for {@code topic}, encoded. */
    public static byte[] sign(PublicKeySign signer, WireCodec codec, String topic, byte[] message)
            throws GeneralSecurityException {
        byte[] sig = signer.sign(signedBytes(topic, message));
        Base64.Encoder b64 = Base64.getEncoder();
        return codec.encode(new Signed(b64.encodeToString(message), b64.encodeToString(sig)));
    }

    /**
     * The kiosk's side: the message inside a signed envelope that arrived on {@code topic}, once its
     * signature verifies.
     *
     * @throws WireException            when the payload is not a signed envelope at all
     * @throws GeneralSecurityException when the signature does not verify (forged, altered, for
     *                                  another topic, or by a key this kiosk does not hold)
     */
    public static byte[] open(PublicKeyVerify verifier, WireCodec codec, String topic, byte[] payload)
            throws WireException, GeneralSecurityException {
        Signed envelope = codec.decodeSigned(payload);
        byte[] message;
        byte[] sig;
        try {
            message = Base64.getDecoder().decode(envelope.body());
            sig = Base64.getDecoder().decode(envelope.sig());
        } catch (IllegalArgumentException e) {
            throw new WireException("signed message: body and sig must be base64");
        }
        verifier.verify(sig, signedBytes(topic, message));
        return message;
    }

    /**
     * What verifies the hub's signatures: the public signing keyset's JSON (one key, or the current
     * and the next while the hub's key is being rotated).
     */
    public static PublicKeyVerify verifier(String publicKeysetJson) throws GeneralSecurityException {
        SignatureConfig.register();
        return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeysetJson)
                .getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
    }

    private static byte[] signedBytes(String topic, byte[] message) {
        byte[] t = (topic + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[CONTEXT.length + t.length + message.length];
        System.arraycopy(CONTEXT, 0, out, 0, CONTEXT.length);
        System.arraycopy(t, 0, out, CONTEXT.length, t.length);
        System.arraycopy(message, 0, out, CONTEXT.length + t.length, message.length);
        return out;
    }
}
