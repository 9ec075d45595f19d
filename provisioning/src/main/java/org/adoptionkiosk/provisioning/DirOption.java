package org.adoptionkiosk.provisioning;

import picocli.CommandLine.Option;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code --dir DIR}: the tool's own folder, the one {@code hub init} makes and the device commands use. */
final class DirOption {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "this tool's folder, made by `hub init` (default: kiosk-provisioning in the working folder); "
                    + "it holds the CA key: keep it private")
    String dir;

    Workspace workspace() throws UsageError {
        String d = dir == null ? Workspace.DEFAULT_DIR : dir;
        try {
            return new Workspace(Path.of(d).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new UsageError("--dir '" + d + "' is not a usable path");
        }
    }
}
