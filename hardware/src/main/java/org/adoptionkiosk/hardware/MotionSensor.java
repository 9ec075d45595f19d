package org.adoptionkiosk.hardware;

/**
 * The motion sensor in front of the kiosk (a PIR such as the HC-SR501): each listener is called
 * once per rising edge, i.e. once per spell of motion. Listeners must not block: on a
 * {@link PiBoard} they run on the board's own thread, on the {@link SimulatedBoard} on the thread
 * that calls {@code triggerMotion()}.
 */
public interface MotionSensor {
    void onMotion(Runnable listener);
}
