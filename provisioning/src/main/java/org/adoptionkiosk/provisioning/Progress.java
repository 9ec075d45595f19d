package org.adoptionkiosk.provisioning;

import java.io.PrintStream;

/**
 * Progress of work that takes more than a moment, on standard error (standard output keeps the
 * results, for scripts). On a terminal it redraws one bar line; anywhere else (a pipe, a log, CI)
 * it writes one plain {@code 12/40 label} line per step.
 */
final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    /** A bar is drawn and its line not ended yet. */
    private boolean midLine;

    Progress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Work of unknown length: one line saying what is happening. */
    void note(String what) {
        err.println(what + "...");
    }

    /** Step {@code done} of {@code total} is finished. */
    void step(int done, int total, String label) {
        if (!terminal) {
            err.println(done + "/" + total + " " + label);
            return;
        }
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " "
                + label + "\u001b[K");
        midLine = done != total;
        if (!midLine) {
            err.println();
        }
        err.flush();
    }

    /** The work stopped: a bar drawn on a terminal gets its line ended, so what follows starts a line of its own. */
    void stopped() {
        if (midLine) {
            err.println();
            midLine = false;
        }
    }
}
