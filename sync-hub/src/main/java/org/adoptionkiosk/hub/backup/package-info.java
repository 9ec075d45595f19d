/**
 * {@code sync-hub.jar backup} and {@code restore}: one passphrase-encrypted file holding a
 * consistent copy of the hub's store (H2 by {@code SCRIPT}, PostgreSQL by {@code pg_dump}) and the
 * key files without which no enquiry in it could be opened again, and the way back from it.
 */
package org.adoptionkiosk.hub.backup;
