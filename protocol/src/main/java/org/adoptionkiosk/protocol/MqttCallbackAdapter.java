package org.adoptionkiosk.protocol;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Paho's v5 {@link MqttCallback} with every method doing nothing, so a client overrides only the
 * events it cares about (usually arrivals and losses). Paho calls these on its own thread: an
 * implementation only hands the event on and never blocks.
 */
public interface MqttCallbackAdapter extends MqttCallback {
    @Override
    default void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    default void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    default void messageArrived(String topic, MqttMessage message) throws Exception {
    }

    /** A client that waits on its publish tokens needs nothing here. */
    @Override
    default void deliveryComplete(IMqttToken token) {
    }

    /** A client that waits on its connect token needs nothing here. */
    @Override
    default void connectComplete(boolean reconnect, String serverURI) {
    }

    /** No enhanced authentication is in use. */
    @Override
    default void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
