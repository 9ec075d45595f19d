package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.protocol.RegionMap;

/** The JSON of every API error: a stable code for programs and a message in both languages for people. */
public record ErrorBody(String error, RegionMap.Names message) {
}
