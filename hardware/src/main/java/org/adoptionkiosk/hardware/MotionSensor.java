package org.adoptionkiosk.hardware;

/** The motion sensor in front of the kiosk; listeners run on the board's own thread and must not block. */
public interface MotionSensor {
    void onMotion(Runnable listener);
}
