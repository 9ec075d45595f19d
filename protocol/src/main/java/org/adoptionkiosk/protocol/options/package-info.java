/**
 * The command-line options kiosk and hub share (the broker, its TLS), and what every tool's command
 * line has in common ({@link org.adoptionkiosk.protocol.options.Cli}: usage, numbers, how mistakes are
 * told; {@link org.adoptionkiosk.protocol.options.EnvironmentDefaults}: {@code KIOSK_*} and
 * {@code HUB_*} variables). Here because protocol is the one module both ends depend on.
 */
package org.adoptionkiosk.protocol.options;
