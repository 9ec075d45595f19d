package org.adoptionkiosk.appliance;

import org.adoptionkiosk.protocol.BrokerTls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --bundle DIR}: the provisioning tool's config bundle as the kiosk's options, below the command line. */
class BundleConfigTest {
    @TempDir
    Path dir;
    Path bundle;

    @BeforeEach
    void bundle() throws Exception {
        bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.writeString(bundle.resolve(KioskBundle.PROPERTIES), """
                device-id=kiosk-bundled
                broker=ssl\\://hub.example\\:8883
                region=north-wales
                site=north-wales-hub
                name=Eisteddfod stand 1
                """);
        Files.writeString(bundle.resolve(KioskBundle.PASSWORD), "bundled-secret\n");
        Files.writeString(bundle.resolve(KioskBundle.CA), "-----BEGIN CERTIFICATE-----\n");
        Files.writeString(bundle.resolve(KioskBundle.HUB_KEY), "{}");
        Files.writeString(bundle.resolve(KioskBundle.HUB_SIGNING_KEY), "{}");
    }

    @Test
    void theBundleGivesEverythingTheKioskNeeds() {
        ApplianceConfig c = ApplianceConfig.parse(new String[] {"--bundle", bundle.toString()}, Map.of());
        assertEquals("kiosk-bundled", c.deviceId());
        assertEquals("kiosk-bundled", c.brokerUsername());
        assertEquals("bundled-secret", c.brokerPassword());
        assertEquals("ssl://hub.example:8883", c.brokerUrl());
        assertEquals(bundle.resolve(KioskBundle.HUB_KEY), c.hubKeyFile());
        assertEquals(new BrokerTls(bundle.resolve(KioskBundle.CA), null, null), c.brokerTls());
        assertEquals("north-wales", c.region());
        assertEquals("north-wales-hub", c.site());
        assertNull(c.staffPinHash());
        assertFalse(c.toString().contains("bundled-secret"), "the password never shows");
        // The same from the environment, as the systemd unit's EnvironmentFile gives it.
        assertEquals("kiosk-bundled", ApplianceConfig.parse(new String[0],
                Map.of("KIOSK_BUNDLE", bundle.toString())).deviceId());
    }

    @Test
    void theCommandLineAndTheEnvironmentWinOverTheBundle() throws Exception {
        Path other = Files.writeString(dir.resolve("other-password"), "from-a-file\n");
        ApplianceConfig c = ApplianceConfig.parse(new String[] {"--bundle", bundle.toString(), "--site",
                "north-wales-hub", "--broker-password-file", other.toString()},
                Map.of("KIOSK_BROKER", "ssl://other.example:8883"));
        assertEquals("ssl://other.example:8883", c.brokerUrl());
        assertEquals("from-a-file", c.brokerPassword());
        assertEquals("pw", ApplianceConfig.parse(new String[] {"--bundle", bundle.toString(), "--broker-password",
                "pw"}, Map.of()).brokerPassword());
    }

    @Test
    void aClientCertificateInTheBundleIsUsed() throws Exception {
        Files.writeString(bundle.resolve(KioskBundle.CLIENT_CERT), "cert");
        Files.writeString(bundle.resolve(KioskBundle.CLIENT_KEY), "key");
        BrokerTls tls = ApplianceConfig.parse(new String[] {"--bundle", bundle.toString()}, Map.of()).brokerTls();
        assertEquals(bundle.resolve(KioskBundle.CLIENT_CERT), tls.clientCertFile());
        assertEquals(bundle.resolve(KioskBundle.CLIENT_KEY), tls.clientKeyFile());
    }

    @Test
    void aBadBundleIsTheOptionsError() throws Exception {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ApplianceConfig.parse(new String[] {"--bundle", dir.resolve("missing").toString()}, Map.of()));
        assertTrue(none.getMessage().startsWith("--bundle "), none.getMessage());
        Files.delete(bundle.resolve(KioskBundle.CA));
        IllegalArgumentException noCa = assertThrows(IllegalArgumentException.class,
                () -> ApplianceConfig.parse(new String[] {"--bundle", bundle.toString()}, Map.of()));
        assertTrue(noCa.getMessage().contains(KioskBundle.CA), noCa.getMessage());
        Files.writeString(bundle.resolve(KioskBundle.CA), "x");
        Files.delete(bundle.resolve(KioskBundle.HUB_SIGNING_KEY));
        IllegalArgumentException noSigningKey = assertThrows(IllegalArgumentException.class,
                () -> ApplianceConfig.parse(new String[] {"--bundle", bundle.toString()}, Map.of()));
        assertTrue(noSigningKey.getMessage().contains(KioskBundle.HUB_SIGNING_KEY), noSigningKey.getMessage());
        Files.writeString(bundle.resolve(KioskBundle.HUB_SIGNING_KEY), "{}");
        Files.writeString(bundle.resolve(KioskBundle.PROPERTIES), "device-id=kiosk-x\nsecret-thing=1\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ApplianceConfig.parse(new String[] {"--bundle", bundle.toString()}, Map.of()));
        assertTrue(unknown.getMessage().contains("secret-thing"), unknown.getMessage());
        Files.writeString(bundle.resolve(KioskBundle.PROPERTIES), "device-id=kiosk-x\nbroker=ssl\\://h\\:1\n");
        Files.writeString(bundle.resolve(KioskBundle.PASSWORD), "\n");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ApplianceConfig.parse(new String[] {"--bundle", bundle.toString()}, Map.of()));
        assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        assertThrows(IllegalArgumentException.class, () -> ApplianceConfig.parse(new String[] {"--bundle",
                bundle.toString(), "--broker-client-cert", bundle.resolve(KioskBundle.CA).toString()}, Map.of()));
    }
}
