package org.adoptionkiosk.hardware;

/** The kiosk's status light. */
public interface StatusLight {
    void show(LightPattern pattern);

    LightPattern current();
}
