package org.adoptionkiosk.provisioning;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The broker's small certificate authority (Bouncy Castle): a CA that signs the broker's TLS
 * certificate and, when asked, a device's client certificate. Keys are EC P-256, signatures
 * ECDSA-SHA256; all PEM (certificates X.509, keys unencrypted PKCS#8, as Mosquitto's OpenSSL and
 * the JDK both read them).
 */
final class Pki {
    /** A certificate and its private key. */
    record Issued(X509Certificate certificate, PrivateKey key) {
        String certificatePem() throws IOException {
            return pem(certificate);
        }

        String keyPem() throws IOException {
            return pem(new JcaPKCS8Generator(key, null).generate());
        }
    }

    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    /** Five years: a kiosk in a cupboard should not stop syncing because a certificate ran out. */
    static final Duration LEAF_LIFETIME = Duration.ofDays(1826);
    private static final Pattern IP = Pattern.compile("[0-9.]+|.*:.*");

    private final SecureRandom random;

    Pki(SecureRandom random) {
        this.random = random;
    }

    Issued newCa(String commonName, Instant now) throws GeneralSecurityException, IOException {
        KeyPair kp = keyPair();
        X500Name name = name(commonName);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(300)),
                Date.from(now.plus(CA_LIFETIME)), name, kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        return new Issued(sign(b, kp.getPrivate()), kp.getPrivate());
    }

    /** The broker's certificate, valid for each of {@code hosts} (DNS names or IP addresses). */
    Issued newServer(Issued ca, List<String> hosts, Instant now) throws GeneralSecurityException, IOException {
        GeneralName[] names = new GeneralName[hosts.size()];
        for (int i = 0; i < hosts.size(); i++) {
            String h = hosts.get(i);
            names[i] = IP.matcher(h).matches() ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(h)
                    .getHostAddress()) : new GeneralName(GeneralName.dNSName, h);
        }
        return leaf(ca, hosts.get(0), new GeneralNames(names), KeyPurposeId.id_kp_serverAuth, now);
    }

    /** A device's client certificate: its common name is the device id (its broker user name). */
    Issued newClient(Issued ca, String deviceId, Instant now) throws GeneralSecurityException, IOException {
        return leaf(ca, deviceId, null, KeyPurposeId.id_kp_clientAuth, now);
    }

    private Issued leaf(Issued ca, String commonName, GeneralNames sans, KeyPurposeId purpose, Instant now)
            throws GeneralSecurityException, IOException {
        KeyPair kp = keyPair();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(now.minusSeconds(300)), Date.from(now.plus(LEAF_LIFETIME)), name(commonName),
                kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
        if (sans != null) {
            b.addExtension(Extension.subjectAlternativeName, false, sans);
        }
        return new Issued(sign(b, ca.key()), kp.getPrivate());
    }

    /** Reads back a CA written by {@link Issued#certificatePem()} and {@link Issued#keyPem()}. */
    static Issued read(String certificatePem, String keyPem) throws IOException, GeneralSecurityException {
        Object cert;
        try (PEMParser p = new PEMParser(new StringReader(certificatePem))) {
            cert = p.readObject();
        }
        Object key;
        try (PEMParser p = new PEMParser(new StringReader(keyPem))) {
            key = p.readObject();
        }
        if (!(cert instanceof X509CertificateHolder holder)) {
            throw new GeneralSecurityException("not a PEM certificate");
        }
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        PrivateKey privateKey;
        if (key instanceof PrivateKeyInfo info) {
            privateKey = keys.getPrivateKey(info);
        } else if (key instanceof PEMKeyPair pair) {
            privateKey = keys.getKeyPair(pair).getPrivate();
        } else {
            throw new GeneralSecurityException("not a PEM private key");
        }
        return new Issued(new JcaX509CertificateConverter().getCertificate(holder), privateKey);
    }

    private KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Adoption kiosks")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate", e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(o);
        }
        return w.toString();
    }
}
