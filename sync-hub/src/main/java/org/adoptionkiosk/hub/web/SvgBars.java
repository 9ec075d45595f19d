package org.adoptionkiosk.hub.web;

import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart as inline SVG, drawn on the server so the page and the PDF show the same
 * chart without a browser. Colours are attributes, not page CSS, because the PDF's SVG renderer
 * does not see the page's stylesheet.
 */
final class SvgBars {
    /** One bar: its label, its length, the text at its end; {@code marked} bars stand out. */
    record Bar(String label, double value, String text, boolean marked) {
    }

    private static final int ROW = 20;
    private static final int LABEL = 190;
    private static final int LENGTH = 230;
    private static final int WIDTH = LABEL + LENGTH + 70;

    private SvgBars() {
    }

    /** The chart, or null when there are no bars. */
    static String chart(String id, String title, List<Bar> bars) {
        if (bars.isEmpty()) {
            return null;
        }
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        int height = bars.size() * ROW + 6;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").append(escape(id)).append("\" width=\"")
                .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(height).append("\" role=\"img\" aria-label=\"").append(escape(title))
                .append("\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">");
        b.append("<title>").append(escape(title)).append("</title>");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = i * ROW + 3;
            double w = max <= 0 ? 0 : bar.value() / max * LENGTH;
            b.append("<text x=\"").append(LABEL - 6).append("\" y=\"").append(y + 13)
                    .append("\" text-anchor=\"end\" fill=\"#222222\">").append(escape(shorten(bar.label())))
                    .append("</text>");
            b.append("<rect x=\"").append(LABEL).append("\" y=\"").append(y + 2).append("\" width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", w)).append("\" height=\"").append(ROW - 6)
                    .append("\" fill=\"").append(bar.marked() ? "#1d5c3a" : "#7a9cc6").append("\"/>");
            b.append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", LABEL + w + 4)).append("\" y=\"")
                    .append(y + 13).append("\" fill=\"#222222\">").append(escape(bar.text())).append("</text>");
        }
        return b.append("</svg>").toString();
    }

    private static String shorten(String label) {
        return label.length() <= 30 ? label : label.substring(0, 29) + "…";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
