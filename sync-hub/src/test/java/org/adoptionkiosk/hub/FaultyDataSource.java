package org.adoptionkiosk.hub;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that fails, on demand, the statements whose SQL holds a given text (by default where
 * the hub's batch transaction locks its devices, its first row lock), with the SQL state a real
 * database would give: the store and its hooks are real, only those statements are made to fail.
 */
final class FaultyDataSource implements DataSource {
    private final DataSource real;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile String sqlState;
    private volatile String sqlPart = "FOR UPDATE";

    FaultyDataSource(DataSource real) {
        this.real = real;
    }

    /** The next {@code times} device locks fail with {@code sqlState}; Integer.MAX_VALUE: until {@link #heal}. */
    void failLocks(int times, String sqlState) {
        fail("FOR UPDATE", times, sqlState);
    }

    /** The next {@code times} statements whose SQL holds {@code sqlPart} fail with {@code sqlState}. */
    void fail(String sqlPart, int times, String sqlState) {
        this.sqlPart = sqlPart;
        this.sqlState = sqlState;
        failuresLeft.set(times);
    }

    void heal() {
        failuresLeft.set(0);
    }

    /** How many statements were made to fail so far. */
    int failed() {
        return failed.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(real.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(real.getConnection(username, password));
    }

    private Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                            && sql.contains(sqlPart) && failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                        failed.incrementAndGet();
                        throw new SQLException("injected failure", sqlState);
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return real.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        real.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        real.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return real.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return real.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return real.isWrapperFor(iface);
    }
}
