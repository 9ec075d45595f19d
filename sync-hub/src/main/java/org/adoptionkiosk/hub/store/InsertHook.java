package org.adoptionkiosk.hub.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Work that must commit with the records it is about (figure counts, an enquiry's route): run in
 * the storing transaction, once per transaction, for the rows actually inserted by every batch in it
 * (never for a resend).
 * <p>
 * Rows that other transactions (other hub instances) also write, such as shared counters, must be
 * written once per key and in one fixed, sorted key order: sum first, then upsert in order. Written
 * in record order, two transactions can take the same two rows the other way round and deadlock.
 */
public interface InsertHook {
    void inserted(Connection c, List<StoredRow> rows) throws SQLException;
}
