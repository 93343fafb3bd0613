package org.lakefsbackup.testkit.lakefs;

import java.util.regex.Pattern;

/** Branch-protection patterns: {@code *} matches any run of characters, {@code ?} one character. */
final class Glob {
    private Glob() {
    }

    static boolean matches(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.matches(re.toString(), name);
    }
}
