package org.adoptionkiosk.hub.web;

import org.adoptionkiosk.protocol.RegionMap;

import java.nio.charset.StandardCharsets;

/** A small bilingual page linking the APIs, until the real dashboard arrives. */
final class HomePage {
    private final byte[] html;

    HomePage(Texts texts) {
        StringBuilder b = new StringBuilder();
        RegionMap.Names title = texts.get("page.title");
        b.append("<!DOCTYPE html>\n<html lang=\"cy\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title.cy())).append(" · ").append(esc(title.en())).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2rem;max-width:72rem}")
                .append(".langs{display:grid;grid-template-columns:1fr 1fr;gap:2rem}")
                .append("h1{font-size:1.6rem}li{margin:.4rem 0}</style>\n</head>\n<body>\n<div class=\"langs\">\n");
        section(b, "cy", texts, true);
        section(b, "en", texts, false);
        b.append("</div>\n</body>\n</html>\n");
        this.html = b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The two languages get the same markup, side by side: equal prominence. */
    private static void section(StringBuilder b, String lang, Texts texts, boolean welsh) {
        b.append("<section lang=\"").append(lang).append("\">\n")
                .append("<h1>").append(esc(pick(texts.get("page.title"), welsh))).append("</h1>\n")
                .append("<p>").append(esc(pick(texts.get("page.intro"), welsh))).append("</p>\n<ul>\n");
        link(b, "/api/figures", pick(texts.get("page.figures"), welsh));
        link(b, "/api/devices", pick(texts.get("page.devices"), welsh));
        link(b, "/api/dead-letters", pick(texts.get("page.deadLetters"), welsh));
        link(b, "/healthz", pick(texts.get("page.health"), welsh));
        b.append("</ul>\n</section>\n");
    }

    private static String pick(RegionMap.Names n, boolean welsh) {
        return welsh ? n.cy() : n.en();
    }

    private static void link(StringBuilder b, String href, String text) {
        b.append("<li><a href=\"").append(href).append("\">").append(esc(text)).append("</a> <code>")
                .append(href).append("</code></li>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    byte[] html() {
        return html.clone();
    }
}
