package org.adoptionkiosk.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The visitor's chosen language: Cymraeg or English. */
public enum Lang {
    CY("cy"),
    EN("en");

    private final String code;

    Lang(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** Null for anything that is not cy or en, so validation can say so. */
    @JsonCreator
    public static Lang fromCode(String value) {
        for (Lang l : values()) {
            if (l.code.equals(value)) {
                return l;
            }
        }
        return null;
    }
}
