package org.adoptionkiosk.hardware;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plain-Java board for machines that are not a Pi: the light remembers its pattern, and the
 * button and sensor fire when {@link #pressHelp()} or {@link #triggerMotion()} is called (by the
 * demo's staff dashboard or a test).
 */
public final class SimulatedBoard implements Board {
    private final List<Runnable> helpListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> motionListeners = new CopyOnWriteArrayList<>();
    private volatile LightPattern light = LightPattern.OFF;

    private final StatusLight statusLight = new StatusLight() {
        @Override
        public void show(LightPattern pattern) {
            light = pattern;
        }

        @Override
        public LightPattern current() {
            return light;
        }
    };

    @Override
    public StatusLight statusLight() {
        return statusLight;
    }

    @Override
    public HelpButton helpButton() {
        return helpListeners::add;
    }

    @Override
    public MotionSensor motionSensor() {
        return motionListeners::add;
    }

    @Override
    public String kind() {
        return "simulated";
    }

    public void pressHelp() {
        helpListeners.forEach(Runnable::run);
    }

    public void triggerMotion() {
        motionListeners.forEach(Runnable::run);
    }

    @Override
    public void close() {
        light = LightPattern.OFF;
    }
}
