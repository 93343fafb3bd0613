package org.lakefsbackup.core.report;

import java.util.List;

/**
 * Builds the Markdown renderings of run reports and drill records: headings, two-column tables, tables and lists in
 * GitHub-flavoured Markdown, which browsers render through any Markdown viewer (the S3 and Azure consoles show it as
 * text; GitHub, GitLab and editors render it). Cells are escaped so that a value cannot break a table. Not
 * thread-safe.
 */
public final class Markdown {
    private final StringBuilder out = new StringBuilder();

    /** A level-1 heading. */
    public Markdown title(String text) {
        out.append("# ").append(inline(text)).append("\n\n");
        return this;
    }

    /** A level-2 heading. */
    public Markdown section(String text) {
        out.append("## ").append(inline(text)).append("\n\n");
        return this;
    }

    /** A paragraph. */
    public Markdown paragraph(String text) {
        out.append(inline(text)).append("\n\n");
        return this;
    }

    /** A two-column table of names and values; {@code null} values are left out. */
    public Markdown facts(List<String[]> rows) {
        List<String[]> present = rows.stream().filter(r -> r[1] != null).toList();
        return table(new String[] {"", ""}, present);
    }

    /** A table; numbers are right-aligned (a column is numeric when every cell of it is). */
    public Markdown table(String[] header, List<String[]> rows) {
        if (rows.isEmpty()) {
            return this;
        }
        boolean[] numeric = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            final int col = i;
            numeric[i] = rows.stream().allMatch(r -> r[col] != null && r[col].matches("-?[0-9][0-9,.]*( ?[A-Za-z]+)?"));
        }
        out.append('|');
        for (String h : header) {
            out.append(' ').append(cell(h)).append(" |");
        }
        out.append("\n|");
        for (boolean n : numeric) {
            out.append(n ? " ---: |" : " --- |");
        }
        out.append('\n');
        for (String[] row : rows) {
            out.append('|');
            for (String c : row) {
                out.append(' ').append(cell(c)).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
        return this;
    }

    /** A bulleted list; nothing when empty. */
    public Markdown bullets(List<String> items) {
        if (items.isEmpty()) {
            return this;
        }
        items.forEach(i -> out.append("- ").append(inline(i)).append('\n'));
        out.append('\n');
        return this;
    }

    /** Text as code (keys, ids, locations). */
    public static String code(String text) {
        return text == null ? null : "`" + text.replace("`", "'") + "`";
    }

    @Override
    public String toString() {
        return out.toString().stripTrailing() + "\n";
    }

    /** Escapes what would start Markdown syntax in running text: HTML, and line breaks. */
    private static String inline(String text) {
        return text == null ? "" : text.replace("<", "&lt;").replace(">", "&gt;").replace("\r", " ")
                .replace("\n", " ");
    }

    private static String cell(String text) {
        return inline(text).replace("|", "\\|");
    }
}
