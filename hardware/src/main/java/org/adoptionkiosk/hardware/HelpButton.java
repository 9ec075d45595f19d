package org.adoptionkiosk.hardware;

/**
 * The visitor's help button. One press, however the contact bounces, calls each listener once.
 * Listeners must not block: on a {@link PiBoard} they run on the board's own thread (after
 * debouncing), on the {@link SimulatedBoard} on the thread that calls {@code pressHelp()}.
 */
public interface HelpButton {
    void onPress(Runnable listener);
}
