package org.adoptionkiosk.hub.web;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import com.openhtmltopdf.util.XRLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Lays out the hub's XHTML documents as PDF with openhtmltopdf (the right-of-access download, the
 * board's report), inline SVG drawn by Batik. Welsh needs ŵ and ŷ, which PDF's built-in fonts lack,
 * so DejaVu Sans is embedded from the system (the hub's .deb depends on fonts-dejavu-core); no font
 * artifact with those letters resolves from Maven here. Without it the PDF is still made, with a
 * warning in the log, but those letters may be missing from it.
 */
public final class HtmlPdf {
    private static final Logger log = LoggerFactory.getLogger(HtmlPdf.class);
    static final String FONT_FAMILY = "DejaVu Sans";
    /** Debian's path first (fonts-dejavu-core), then other distributions'. */
    static final List<Path> FONT_FILES = List.of(Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/dejavu/DejaVuSans.ttf"), Path.of("/usr/share/fonts/TTF/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"));

    static {
        // The library's own logging could quote the document's text (a visitor's details) in a warning.
        XRLog.setLoggingEnabled(false);
    }

    private final Path font;

    public HtmlPdf() {
        this.font = FONT_FILES.stream().filter(Files::isReadable).findFirst().orElse(null);
        if (font == null) {
            log.warn("no DejaVu Sans font found ({}): PDFs may lack Welsh letters such as ŵ and ŷ;"
                    + " install fonts-dejavu-core", FONT_FILES.get(0));
        }
    }

    /** Whether the font with every Welsh letter was found. */
    public boolean hasWelshFont() {
        return font != null;
    }

    /** The XHTML document as PDF bytes. */
    public byte[] layout(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.useSVGDrawer(new BatikSVGDrawer());
            if (font != null) {
                b.useFont(font.toFile(), FONT_FAMILY);
            }
            b.withHtmlContent(xhtml, null);
            b.toStream(out);
            b.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
