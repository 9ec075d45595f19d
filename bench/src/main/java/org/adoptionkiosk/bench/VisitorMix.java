package org.adoptionkiosk.bench;

import org.adoptionkiosk.appliance.capture.CaptureRequest;
import org.adoptionkiosk.appliance.sealing.Sealer;
import org.adoptionkiosk.protocol.KioskRecord;
import org.adoptionkiosk.protocol.Lang;
import org.adoptionkiosk.protocol.RecordType;
import org.adoptionkiosk.protocol.WireCodec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A plausible day on a stand: two sign-ins for every enquiry, across councils and both languages. */
final class VisitorMix {
    private static final String[] COUNCILS = {"gwynedd", "isle-of-anglesey", "cardiff", "swansea", "powys",
            "newport", "carmarthenshire", "wrexham", "rhondda-cynon-taf", "outside-wales"};

    private final WireCodec codec = new WireCodec();

    CaptureRequest request(int n) {
        String lang = n % 2 == 0 ? "cy" : "en";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("localAuthority", COUNCILS[n % COUNCILS.length]);
        fields.put("privacyVersion", "2026-11");
        if (n % 3 != 0) {
            fields.put("howHeard", "passing-the-stand");
            return CaptureRequest.signin(lang, fields);
        }
        fields.put("topic", "adopting");
        fields.put("contactConsent", true);
        fields.put("preferredLanguage", lang);
        return CaptureRequest.enquiry(lang, fields, personal(n));
    }

    String json(int n) {
        CaptureRequest r = request(n);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", r.type());
        body.put("lang", r.lang());
        body.put("fields", r.fields());
        if (r.personal() != null) {
            body.put("personal", r.personal());
        }
        return new String(codec.encode(body), StandardCharsets.UTF_8);
    }

    /** The same mix as the kiosk would put on the wire, each record sealed as the kiosk seals it. */
    List<byte[]> wirePayloads(int count, Path hubKey) {
        Sealer sealer = Sealer.fromFile(hubKey);
        UUID boot = UUID.randomUUID();
        List<byte[]> payloads = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            CaptureRequest r = request(n);
            UUID id = UUID.randomUUID();
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) r.fields();
            String sealed = r.personal() == null ? null
                    : sealer.seal(codec.encode(r.personal()), id);
            KioskRecord record = new KioskRecord(id, n + 1L, "signin".equals(r.type()) ? RecordType.SIGNIN
                    : RecordType.ENQUIRY, Instant.now(), boot, n, null, Lang.fromCode((String) r.lang()),
                    WireCodec.SCHEMA, fields, sealed);
            payloads.add(codec.encode(record));
        }
        return payloads;
    }

    private static Map<String, Object> personal(int n) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", "Ymwelydd Prawf " + n);
        p.put("email", "ymwelydd" + n + "@example.org");
        p.put("phone", "07700 900" + String.format("%03d", n % 1000));
        p.put("postcode", "LL55 1AA");
        return p;
    }
}
