package org.adoptionkiosk.provisioning;

import java.io.PrintStream;
import java.util.List;

/**
 * The operator's provisioning tool. Its commands (hub keys, device identity and broker
 * credentials, TLS material, Pi setup) arrive in the provisioning issue; until then the tool
 * says so plainly, in both languages, instead of pretending to work.
 */
public final class Main {
    static final List<String> PLANNED = List.of("hub init", "device add", "device revoke", "device list");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(usage());
            return 0;
        }
        err.println("Dim eto / Not yet: '" + String.join(" ", args) + "'.");
        err.println(usage());
        return 2;
    }

    static String usage() {
        return """
                provisioning.jar — Offeryn darparu ciosgau / Kiosk provisioning tool

                Cymraeg: nid yw'r gorchmynion hyn ar gael eto; yn y cyfamser mae'r hyb yn creu ei
                allweddi ei hun ac mae'r ciosg yn defnyddio'r ffeil allwedd gyhoeddus (gweler README.md).
                English: these commands are not available yet; meanwhile the hub creates its own keys
                and the kiosk uses its public key file (see README.md).

                  """ + String.join("\n  ", PLANNED);
    }
}
