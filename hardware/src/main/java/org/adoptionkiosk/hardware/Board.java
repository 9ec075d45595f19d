package org.adoptionkiosk.hardware;

/** The kiosk's small hardware, real (Pi4J) or simulated. */
public interface Board extends AutoCloseable {
    StatusLight statusLight();

    HelpButton helpButton();

    MotionSensor motionSensor();

    /** "pi" or "simulated", for the kiosk's status. */
    String kind();

    @Override
    void close();
}
