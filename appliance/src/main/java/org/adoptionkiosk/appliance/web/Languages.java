package org.adoptionkiosk.appliance.web;

import org.adoptionkiosk.protocol.Lang;

import java.util.Locale;

/** Picks Cymraeg or English from an Accept-Language header, English when it names neither. */
final class Languages {
    private Languages() {
    }

    static Lang fromAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return Lang.EN;
        }
        Lang best = Lang.EN;
        double bestQ = -1;
        for (String part : header.split(",")) {
            String[] bits = part.trim().split(";");
            String tag = bits[0].trim().toLowerCase(Locale.ROOT);
            String primary = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
            Lang lang = Lang.fromCode(primary);
            if (lang == null) {
                continue;
            }
            double q = 1.0;
            for (int i = 1; i < bits.length; i++) {
                String p = bits[i].trim();
                if (p.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > bestQ) {
                best = lang;
                bestQ = q;
            }
        }
        return bestQ > 0 ? best : Lang.EN;
    }
}
