package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.hub.audit.AuditLog;
import org.adoptionkiosk.hub.privacy.Erasure;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * For the central team: erasing one person's details on their request (find, then confirm), and the
 * audit log of who viewed or changed which enquiry.
 */
public final class PrivacyPages {
    private static final int AUDIT_ROWS = 300;

    /**
     * What erasure.jte shows.
     *
     * @param found  records found holding these details, or null before a search
     * @param erased records erased, or null before an erasure
     */
    public record ErasureView(Chrome chrome, String email, String phone, Integer found, Integer erased,
                              String errorKey) {
    }

    /** What audit.jte shows. */
    public record AuditView(Chrome chrome, Table table) {
    }

    private final Erasure erasure;
    private final AuditLog audit;

    public PrivacyPages(Erasure erasure, AuditLog audit) {
        this.erasure = erasure;
        this.audit = audit;
    }

    public void register(HubHandler h) {
        h.route("GET", "/erasure", HubHandler.Access.CENTRAL, (ctx, m) ->
                        ctx.html("erasure.jte", new ErasureView(ctx.chrome("erasure"), "", "", null, null, null)))
                .route("POST", "/erasure/find", HubHandler.Access.CENTRAL, this::find)
                .route("POST", "/erasure/erase", HubHandler.Access.CENTRAL, this::erase)
                .route("GET", "/audit", HubHandler.Access.CENTRAL, (ctx, m) -> ctx.html("audit.jte",
                        new AuditView(ctx.chrome("audit"), auditTable(ctx.t()))))
                .route("GET", "/audit\\.csv", HubHandler.Access.CENTRAL, (ctx, m) ->
                        ctx.csv("audit-log.csv", Csv.of(auditTable(ctx.t()))));
    }

    /** True when the form gave an email or a phone; otherwise the form is shown again, saying so. */
    private static boolean given(PageRequest ctx, String email, String phone) {
        if (email == null && phone == null) {
            ctx.html(400, "erasure.jte", new ErasureView(ctx.chrome("erasure"), "", "", null, null,
                    "erasure.error.nothing"));
            return false;
        }
        return true;
    }

    private void find(PageRequest ctx, Matcher m) throws SQLException {
        String email = ctx.field("email");
        String phone = ctx.field("phone");
        if (!given(ctx, email, phone)) {
            return;
        }
        int n = erasure.find(email, phone).size();
        ctx.html("erasure.jte", new ErasureView(ctx.chrome("erasure"), nz(email), nz(phone), n, null, null));
    }

    private void erase(PageRequest ctx, Matcher m) throws SQLException {
        String email = ctx.field("email");
        String phone = ctx.field("phone");
        if (!given(ctx, email, phone)) {
            return;
        }
        if (!"yes".equals(ctx.field("confirm"))) {
            int n = erasure.find(email, phone).size();
            ctx.html(400, "erasure.jte", new ErasureView(ctx.chrome("erasure"), nz(email), nz(phone), n, null,
                    "erasure.error.confirm"));
            return;
        }
        int erased = erasure.eraseOnRequest(ctx.user(), email, phone);
        // The details typed are not shown again once erased.
        ctx.html("erasure.jte", new ErasureView(ctx.chrome("erasure"), "", "", null, erased, null));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private Table auditTable(PageTexts t) throws SQLException {
        List<Table.Column> cols = List.of(Table.Column.text(t.get("audit.col.when")),
                Table.Column.text(t.get("audit.col.who")), Table.Column.text(t.get("audit.col.action")),
                Table.Column.text(t.get("audit.col.enquiry")), Table.Column.text(t.get("audit.col.detail")));
        List<Table.Row> rows = new ArrayList<>();
        for (AuditLog.Entry e : audit.latest(AUDIT_ROWS, null, null)) {
            String what = t.get("audit.action." + e.action());
            Table.Cell enquiry = e.recordId() == null ? Table.Cell.text("–")
                    : Table.Cell.link(e.deviceId() + " / " + e.recordId(), "/enquiries/" + e.deviceId() + "/" + e.recordId());
            rows.add(new Table.Row(List.of(Table.Cell.text(t.time(e.at())),
                    Table.Cell.text(e.username() == null ? t.get("audit.system") : e.username()),
                    Table.Cell.text(what.startsWith("audit.action.") ? e.action() : what), enquiry,
                    Table.Cell.text(e.detail() == null ? "" : e.detail()))));
        }
        return new Table("audit", t.f("audit.caption", AUDIT_ROWS), cols, rows, "/audit.csv", false);
    }
}
