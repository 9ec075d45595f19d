package org.adoptionkiosk.hub.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/** The hub's connection pool, with the schema brought up to date before first use. */
public final class HubDatabase {
    /** Kept apart from any other module's migrations that may share a classpath (the e2e tests). */
    public static final String MIGRATIONS = "classpath:org/adoptionkiosk/hub/store/migration";

    private HubDatabase() {
    }

    /** The default store: an H2 file in the data folder that writes each commit at once (a kill must not lose acked rows). */
    public static String h2Url(java.nio.file.Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("hub").toAbsolutePath() + ";WRITE_DELAY=0";
    }

    public static HikariDataSource open(String jdbcUrl, String user, String password) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        if (user != null) {
            hc.setUsername(user);
        }
        if (password != null) {
            hc.setPassword(password);
        }
        hc.setPoolName("hub-store");
        hc.setMaximumPoolSize(8);
        hc.setMinimumIdle(1);
        hc.setConnectionTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations(MIGRATIONS)
                    .load()
                    .migrate();
            return ds;
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }
}
