package org.lakefsbackup.testkit.fault;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The start line and header lines of an HTTP/1.1 message, kept as received, and how its body is framed. */
final class HttpHead {
    private static final int MAX_HEAD = 64 * 1024;

    /** How a body ends. */
    enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    private final String startLine;
    private final List<String> headers;

    private HttpHead(String startLine, List<String> headers) {
        this.startLine = startLine;
        this.headers = headers;
    }

    /** Reads a head, or returns {@code null} on a clean end of stream before its first byte. */
    static HttpHead read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (lines.isEmpty() && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside an HTTP head");
            }
            if (++total > MAX_HEAD) {
                throw new IOException("HTTP head larger than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                line.reset();
                if (text.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue; // tolerate stray CRLF between messages
                    }
                    return new HttpHead(lines.get(0), List.copyOf(lines.subList(1, lines.size())));
                }
                lines.add(text);
            } else {
                line.write(b);
            }
        }
    }

    String startLine() {
        return startLine;
    }

    String method() {
        return part(0);
    }

    String target() {
        return part(1);
    }

    int status() {
        return Integer.parseInt(part(1));
    }

    String header(String name) {
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }

    boolean hasToken(String name, String token) {
        String value = header(name);
        return value != null && value.toLowerCase(Locale.ROOT).contains(token);
    }

    Framing requestFraming() {
        if (hasToken("Transfer-Encoding", "chunked")) {
            return Framing.CHUNKED;
        }
        return contentLength() > 0 ? Framing.LENGTH : Framing.NONE;
    }

    Framing responseFraming(String requestMethod) {
        int status = status();
        if ("HEAD".equals(requestMethod) || status / 100 == 1 || status == 204 || status == 304) {
            return Framing.NONE;
        }
        if (hasToken("Transfer-Encoding", "chunked")) {
            return Framing.CHUNKED;
        }
        long length = contentLength();
        if (length >= 0) {
            return length == 0 ? Framing.NONE : Framing.LENGTH;
        }
        return Framing.UNTIL_CLOSE;
    }

    long contentLength() {
        String value = header("Content-Length");
        return value == null ? -1 : Long.parseLong(value);
    }

    /** Writes the head as received, leaving out headers named in {@code omit}. */
    void writeTo(OutputStream out, String... omit) throws IOException {
        StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        outer:
        for (String h : headers) {
            for (String name : omit) {
                if (h.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                    continue outer;
                }
            }
            sb.append(h).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Copies (or, with a {@code null} target, discards) a body framed as {@code framing}. */
    static void copyBody(Framing framing, long length, InputStream in, OutputStream out) throws IOException {
        switch (framing) {
            case NONE -> {
            }
            case LENGTH -> copyExactly(in, out, length);
            case CHUNKED -> copyChunked(in, out);
            case UNTIL_CLOSE -> {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    write(out, buffer, n);
                }
            }
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            write(out, sizeLine + "\r\n");
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // trailers, up to an empty line
                for (String trailer = readLine(in); ; trailer = readLine(in)) {
                    write(out, trailer + "\r\n");
                    if (trailer.isEmpty()) {
                        return;
                    }
                }
            }
            copyExactly(in, out, size);
            String end = readLine(in);
            write(out, end + "\r\n");
        }
    }

    private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("body ended " + left + " bytes early");
            }
            write(out, buffer, n);
            left -= n;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("connection closed inside a chunked body");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void write(OutputStream out, byte[] bytes, int n) throws IOException {
        if (out != null) {
            out.write(bytes, 0, n);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        if (out != null) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private String part(int index) {
        String[] parts = startLine.split(" ", 3);
        if (parts.length <= index) {
            throw new IllegalStateException("malformed HTTP start line: " + startLine);
        }
        return parts[index];
    }
}
