package org.adoptionkiosk.protocol.options;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code -h}, {@code --help}: on a tool's top command, and so on every command below it. */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "show this help")
    boolean requested;

    public boolean requested() {
        return requested;
    }
}
