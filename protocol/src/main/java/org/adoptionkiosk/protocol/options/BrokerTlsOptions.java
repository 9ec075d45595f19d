package org.adoptionkiosk.protocol.options;

import org.adoptionkiosk.protocol.BrokerTls;
import picocli.CommandLine.Option;

/** Whom to trust at an ssl:// or wss:// broker and which certificate to show it: {@link BrokerTls}. */
public final class BrokerTlsOptions {
    @Option(names = "--broker-ca", paramLabel = "FILE",
            description = "trust only this CA certificate (PEM) at the broker, such as the ca.pem of the "
                    + "provisioning tool (default: the JDK's roots)")
    String ca;

    @Option(names = "--broker-client-cert", paramLabel = "FILE",
            description = "a client certificate (PEM) to show the broker; with --broker-client-key")
    String clientCert;

    @Option(names = "--broker-client-key", paramLabel = "FILE",
            description = "its key, unencrypted PKCS#8 PEM")
    String clientKey;

    /**
     * The files, each checked to be readable.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public BrokerTls tls() {
        String caFile = Cli.given(ca);
        String cert = Cli.given(clientCert);
        String key = Cli.given(clientKey);
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--broker-client-cert and --broker-client-key go together");
        }
        return new BrokerTls(caFile == null ? null : Cli.readableFile("--broker-ca", caFile),
                cert == null ? null : Cli.readableFile("--broker-client-cert", cert),
                key == null ? null : Cli.readableFile("--broker-client-key", key));
    }
}
