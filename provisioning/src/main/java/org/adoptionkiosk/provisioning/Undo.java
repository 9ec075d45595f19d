package org.adoptionkiosk.provisioning;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a command has done so far, each with the way to take it back: when a later step fails,
 * {@link #run()} takes everything back, newest first, so a failed command leaves nothing
 * half-made. A step is added only after what it takes back was done, and takes back only what
 * this command made (never a file that was there before).
 */
final class Undo {
    interface Step {
        void run() throws Exception;
    }

    private final Deque<Step> steps = new ArrayDeque<>();

    void add(Step step) {
        steps.push(step);
    }

    /** The command succeeded: nothing is to be taken back. */
    void forget() {
        steps.clear();
    }

    /**
     * Takes back everything, newest first; a step that fails does not stop the older ones.
     *
     * @return false when some step could not be taken back
     */
    boolean run() {
        boolean all = true;
        while (!steps.isEmpty()) {
            try {
                steps.pop().run();
            } catch (Exception e) {
                all = false;
            }
        }
        return all;
    }
}
