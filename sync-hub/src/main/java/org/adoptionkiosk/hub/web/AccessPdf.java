package org.adoptionkiosk.hub.web;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A right-of-access download as a PDF: an XHTML template (access-pdf.jte) laid out by openhtmltopdf,
 * every heading and label in Welsh then English. Welsh needs ŵ and ŷ, which PDF's built-in fonts
 * lack, so DejaVu Sans is embedded from the system (the hub's .deb depends on fonts-dejavu-core); no
 * font artifact with those letters resolves from Maven here. Without it the PDF is still made, with
 * a warning in the log, but those letters may be missing from it.
 */
public final class AccessPdf {
    private static final Logger log = LoggerFactory.getLogger(AccessPdf.class);
    static final String FONT_FAMILY = "DejaVu Sans";
    /** Debian's path first (fonts-dejavu-core), then other distributions'. */
    static final List<Path> FONT_FILES = List.of(Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/dejavu/DejaVuSans.ttf"), Path.of("/usr/share/fonts/TTF/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"));

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

    static {
        // The library's own logging could quote the document's text (a visitor's details) in a warning.
        XRLog.setLoggingEnabled(false);
    }

    private final Pages pages;
    private final Path font;

    public AccessPdf(Pages pages) {
        this.pages = pages;
        this.font = FONT_FILES.stream().filter(Files::isReadable).findFirst().orElse(null);
        if (font == null) {
            log.warn("no DejaVu Sans font found ({}): right-of-access PDFs may lack Welsh letters such as ŵ and ŷ;"
                    + " install fonts-dejavu-core", FONT_FILES.get(0));
        }
    }

    /** Whether the font with every Welsh letter was found. */
    public boolean hasWelshFont() {
        return font != null;
    }

    public byte[] render(Document doc) {
        String html = new String(pages.render("access-pdf.jte", doc), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            if (font != null) {
                b.useFont(font.toFile(), FONT_FAMILY);
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
