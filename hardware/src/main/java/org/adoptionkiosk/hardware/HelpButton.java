package org.adoptionkiosk.hardware;

/** The visitor's help button; listeners run on the board's own thread and must not block. */
public interface HelpButton {
    void onPress(Runnable listener);
}
