package org.adoptionkiosk.hub.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A right-of-access download as a PDF: an XHTML template (access-pdf.jte) laid out by {@link HtmlPdf},
 * every heading and label in Welsh then English.
 */
public final class AccessPdf {
    /** A text in both languages. */
    public record Pair(String cy, String en) {
    }

    /** A label and its value (values are data: names, dates, codes with their words). */
    public record Line(Pair label, String value) {
    }

    /** A titled group of lines. */
    public record Part(Pair heading, List<Line> lines) {
    }

    /** One record. */
    public record Item(Pair heading, List<Part> parts) {
    }

    /** The whole download. */
    public record Document(Pair title, Pair made, List<Item> items) {
    }

    private final Pages pages;
    private final HtmlPdf pdf;

    public AccessPdf(Pages pages, HtmlPdf pdf) {
        this.pages = pages;
        this.pdf = pdf;
    }

    /** Whether the font with every Welsh letter was found. */
    public boolean hasWelshFont() {
        return pdf.hasWelshFont();
    }

    public byte[] render(Document doc) {
        return pdf.layout(new String(pages.render("access-pdf.jte", doc), StandardCharsets.UTF_8));
    }
}
