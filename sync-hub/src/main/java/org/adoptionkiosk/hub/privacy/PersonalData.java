package org.adoptionkiosk.hub.privacy;

import org.adoptionkiosk.hub.accounts.User;
import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.followup.Enquiry;
import org.adoptionkiosk.hub.keys.SealingKeys;
import org.adoptionkiosk.protocol.SealedPersonal;
import org.adoptionkiosk.protocol.WireCodec;
import org.adoptionkiosk.protocol.WireException;

import java.security.GeneralSecurityException;
import java.sql.SQLException;

/**
 * Opens an enquiry's sealed part, only for a user who handles its queue, and writes who looked into
 * the audit log. Nothing opened is kept: it lives only in the page it is shown on.
 */
public final class PersonalData {
    /** What the page can show: the details, or why there are none. */
    public record Opened(SealedPersonal person, boolean erased, boolean unreadable) {
    }

    private final SealingKeys keys;
    private final WireCodec codec;
    private final AuditLog audit;

    public PersonalData(SealingKeys keys, WireCodec codec, AuditLog audit) {
        this.keys = keys;
        this.codec = codec;
        this.audit = audit;
    }

    public Opened open(User user, Enquiry e) throws SQLException {
        if (!user.handles(e.routeKind(), e.routeId())) {
            throw new IllegalArgumentException("this user does not handle that queue");
        }
        if (e.sealed() == null) {
            return new Opened(null, true, false);
        }
        audit.add(user.username(), AuditLog.VIEW, e.deviceId(), e.recordId(), null);
        try {
            return new Opened(codec.decodeSealed(keys.open(e.sealed(), e.recordId())), false, false);
        } catch (GeneralSecurityException | WireException ex) {
            return new Opened(null, false, true);
        }
    }
}
