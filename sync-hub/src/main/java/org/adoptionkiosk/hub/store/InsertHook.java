package org.adoptionkiosk.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Work that must commit with the records it is about (figure counts, an enquiry's route): run in
 * the storing transaction, once, for the rows actually inserted (never for a resend).
 */
public interface InsertHook {
    void inserted(Connection c, List<StoredRow> rows) throws SQLException;
}
