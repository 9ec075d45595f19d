package org.adoptionkiosk.hub.web;

import java.nio.charset.StandardCharsets;

/**
 * The board's report as a PDF in one language: report-pdf.jte (XHTML) laid out by {@link HtmlPdf},
 * its inline SVG charts drawn by Batik.
 */
public final class ReportPdf {
    private final Pages pages;
    private final HtmlPdf pdf;

    public ReportPdf(Pages pages, HtmlPdf pdf) {
        this.pages = pages;
        this.pdf = pdf;
    }

    public byte[] render(ReportPages.PdfView view) {
        return pdf.layout(new String(pages.render("report-pdf.jte", view), StandardCharsets.UTF_8));
    }
}
