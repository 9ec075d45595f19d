package org.adoptionkiosk.hardware;

/** The kiosk's display, as far as waking it from blanking goes. */
public interface Screen {
    /** Whether {@link #wake()} can do anything on this machine. */
    boolean available();

    /** Turns the display back on if it was blanked; does nothing when not {@link #available()}. */
    void wake();

    /** A screen that cannot be woken: for machines without a display control. */
    Screen NONE = new Screen() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public void wake() {
        }

        @Override
        public String toString() {
            return "no display control";
        }
    };
}
