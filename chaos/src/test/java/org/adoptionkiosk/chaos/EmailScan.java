package org.adoptionkiosk.chaos;

import org.adoptionkiosk.testkit.Visitors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks for visitors' emails in clear in every file under the given directories (databases, key
 * directories, logs): each capture's email is unique ({@code v-<uuid>@example.org}), so any
 * occurrence is a leak of that visitor's details. Checked as UTF-8 and as UTF-16 (both orders).
 */
final class EmailScan {
    private static final Pattern EMAIL = Pattern.compile("v-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            + Pattern.quote(Visitors.EMAIL_DOMAIN));
    private static final int LOCAL_PART = "v-".length() + 36;

    private EmailScan() {
    }

    /** Every file scanned, and each file with the emails found in it (ours, or any of that shape). */
    record Result(int files, long bytes, Map<Path, List<String>> found) {
    }

    static Result scan(List<Path> roots, Set<String> emails) throws IOException {
        Map<Path, List<String>> found = new LinkedHashMap<>();
        int files = 0;
        long bytes = 0;
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            List<Path> paths;
            try (Stream<Path> s = Files.walk(root)) {
                paths = s.filter(Files::isRegularFile).toList();
            }
            for (Path p : paths) {
                byte[] data;
                try {
                    data = Files.readAllBytes(p);
                } catch (IOException | UncheckedIOException gone) {
                    continue; // a temporary file that went away
                }
                files++;
                bytes += data.length;
                List<String> hits = new ArrayList<>();
                hits.addAll(find(data, StandardCharsets.UTF_8, 1, emails));
                hits.addAll(find(data, StandardCharsets.UTF_16LE, 2, emails));
                hits.addAll(find(data, StandardCharsets.UTF_16BE, 2, emails));
                if (!hits.isEmpty()) {
                    found.put(p, hits);
                }
            }
        }
        return new Result(files, bytes, found);
    }

    private static List<String> find(byte[] data, Charset charset, int width, Set<String> emails) {
        byte[] needle = Visitors.EMAIL_DOMAIN.getBytes(charset);
        List<String> hits = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = indexOf(data, needle, from);
            if (at < 0) {
                return hits;
            }
            int start = at - LOCAL_PART * width;
            if (start >= 0) {
                String candidate = new String(data, start, LOCAL_PART * width + needle.length, charset);
                if (emails.contains(candidate) || EMAIL.matcher(candidate).matches()) {
                    hits.add(candidate + (charset == StandardCharsets.UTF_8 ? "" : " (" + charset + ")"));
                }
            }
            from = at + 1;
        }
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        byte first = needle[0];
        int last = data.length - needle.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
