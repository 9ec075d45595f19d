package org.adoptionkiosk.hardware;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SimulatedBoardTest {
    @Test
    void buttonAndSensorReachTheirListenersAndTheLightRemembers() {
        SimulatedBoard board = new SimulatedBoard();
        AtomicInteger help = new AtomicInteger();
        AtomicInteger motion = new AtomicInteger();
        board.helpButton().onPress(help::incrementAndGet);
        board.motionSensor().onMotion(motion::incrementAndGet);
        board.pressHelp();
        board.triggerMotion();
        board.triggerMotion();
        board.statusLight().show(LightPattern.SLOW_AMBER);
        assertEquals(1, help.get());
        assertEquals(2, motion.get());
        assertEquals(LightPattern.SLOW_AMBER, board.statusLight().current());
        board.close();
        assertEquals(LightPattern.OFF, board.statusLight().current());
    }
}
