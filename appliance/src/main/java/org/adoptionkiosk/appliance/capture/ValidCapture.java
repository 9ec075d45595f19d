package org.adoptionkiosk.appliance.capture;

import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.SealedPersonal;

import java.util.Map;
import java.util.UUID;

/**
 * A capture request that passed validation, in normal form.
 *
 * @param fields   the non-personal fields, as they go on the wire
 * @param personal the personal details to seal; null when there are none
 * @param id       the id the client gave the record, or null when it gave none
 */
public record ValidCapture(RecordType type, Lang lang, Map<String, Object> fields, SealedPersonal personal, UUID id) {

    public ValidCapture(RecordType type, Lang lang, Map<String, Object> fields, SealedPersonal personal) {
        this(type, lang, fields, personal, null);
    }
}
