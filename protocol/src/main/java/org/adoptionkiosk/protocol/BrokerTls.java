package org.adoptionkiosk.protocol;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * How kiosk and hub reach a TLS broker: trust only the CA certificate that provisioning made (a
 * PEM file) instead of the JDK's public roots, and optionally present a client certificate. Both
 * ends need the same rules, so they live with the contract. JDK only: X.509 PEM and PKCS#8 PEM
 * are read by the JDK's own classes.
 *
 * @param caFile         the CA certificate(s) to trust, PEM; null trusts the JDK's default roots
 * @param clientCertFile this client's certificate chain, PEM; null presents none
 * @param clientKeyFile  its private key, unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"); with clientCertFile
 */
public record BrokerTls(Path caFile, Path clientCertFile, Path clientKeyFile) {
    public static final BrokerTls DEFAULT = new BrokerTls(null, null, null);

    public BrokerTls {
        if ((clientCertFile == null) != (clientKeyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
        }
    }

    /** True when the broker URL asks for TLS. */
    public static boolean isTls(String brokerUrl) {
        String u = brokerUrl.toLowerCase(Locale.ROOT);
        return u.startsWith("ssl://") || u.startsWith("wss://");
    }

    /**
     * The socket factory for Paho: Nagle off, and for ssl:// or wss:// a TLS context with this
     * trust and client key. Host names are checked by Paho (its default HTTPS-style verification).
     *
     * @throws GeneralSecurityException naming the file that could not be used (never its content)
     */
    public SocketFactory socketFactory(String brokerUrl) throws GeneralSecurityException {
        if (!isTls(brokerUrl)) {
            return NoDelaySockets.plain();
        }
        if (caFile == null && clientCertFile == null) {
            return NoDelaySockets.forBroker(brokerUrl.toLowerCase(Locale.ROOT));
        }
        return NoDelaySockets.tls(context().getSocketFactory());
    }

    /** The TLS context alone (for tests and tools that speak TLS without Paho). */
    public SSLContext context() throws GeneralSecurityException {
        TrustManagerFactory tmf = null;
        if (caFile != null) {
            KeyStore trust = emptyStore();
            int i = 0;
            for (Certificate c : certificates(caFile)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        KeyManagerFactory kmf = null;
        if (clientCertFile != null) {
            char[] none = new char[0];
            KeyStore keys = emptyStore();
            List<Certificate> chain = certificates(clientCertFile);
            keys.setKeyEntry("client", privateKey(clientKeyFile, chain.get(0).getPublicKey().getAlgorithm()), none,
                    chain.toArray(Certificate[]::new));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make an in-memory key store", e);
        }
        return store;
    }

    private static List<Certificate> certificates(Path pem) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (read.isEmpty()) {
                throw new GeneralSecurityException(pem + " holds no certificate");
            }
            return new ArrayList<>(read);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot read " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(pem + " is not a PEM certificate file", e);
        }
    }

    private static PrivateKey privateKey(Path pem, String algorithm) throws GeneralSecurityException {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot read " + pem + ": " + e.getMessage(), e);
        }
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new GeneralSecurityException(pem + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException(pem + " is not valid PEM");
        }
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
