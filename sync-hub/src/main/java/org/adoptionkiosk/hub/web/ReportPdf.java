package org.adoptionkiosk.hub.web;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The board's report as a PDF in one language: report-pdf.jte (XHTML) laid out by openhtmltopdf,
 * its inline SVG charts drawn by Batik, with DejaVu Sans embedded for ŵ and ŷ as {@link AccessPdf}
 * does.
 */
public final class ReportPdf {
    private final Pages pages;
    private final Path font;

    public ReportPdf(Pages pages) {
        this.pages = pages;
        this.font = AccessPdf.FONT_FILES.stream().filter(Files::isReadable).findFirst().orElse(null);
    }

    public byte[] render(ReportPages.PdfView view) {
        String html = new String(pages.render("report-pdf.jte", view), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.useSVGDrawer(new BatikSVGDrawer());
            if (font != null) {
                b.useFont(font.toFile(), AccessPdf.FONT_FAMILY);
            }
            b.withHtmlContent(html, null);
            b.toStream(out);
            b.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
