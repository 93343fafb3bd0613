package org.lakefsbackup.testkit.lakefs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** Extracts one named part from a {@code multipart/form-data} body held in memory. */
final class Multipart {
    private Multipart() {
    }

    static byte[] part(byte[] body, String boundary, String name) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int headerStart = pos + delimiter.length;
            if (headerStart + 2 <= body.length && body[headerStart] == '-' && body[headerStart + 1] == '-') {
                break;
            }
            headerStart = skipCrlf(body, headerStart);
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headerStart);
            if (headerEnd < 0) {
                break;
            }
            String headers = new String(body, headerStart, headerEnd - headerStart, StandardCharsets.ISO_8859_1);
            int dataStart = headerEnd + 4;
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), dataStart);
            if (next < 0) {
                break;
            }
            if (isNamed(headers, name)) {
                return Arrays.copyOfRange(body, dataStart, next);
            }
            pos = next + 2;
        }
        throw ApiError.badRequest("multipart body has no \"" + name + "\" part");
    }

    private static boolean isNamed(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-disposition:")
                    && l.matches(".*[;:\\s]name=\"" + java.util.regex.Pattern.quote(name.toLowerCase(Locale.ROOT)) + "\".*")) {
                return true;
            }
        }
        return false;
    }

    private static int skipCrlf(byte[] b, int i) {
        return i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n' ? i + 2 : i;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
