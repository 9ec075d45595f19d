package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a visitor left at the kiosk. */
public enum RecordType {
    SIGNIN("signin"),
    ENQUIRY("enquiry");

    private final String wire;

    RecordType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Null for anything that is not a known type, so validation can say so. */
    @JsonCreator
    public static RecordType fromWire(String value) {
        for (RecordType t : values()) {
            if (t.wire.equals(value)) {
                return t;
            }
        }
        return null;
    }
}
