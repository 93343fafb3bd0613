package org.lakefsbackup.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Option value checks that picocli reports as one usage error naming the option (or the environment variable) the
 * value came from, instead of letting a settings record name its field.
 */
final class Converters {
    private Converters() {
    }

    /** A whole number of at least 1. */
    static final class Positive implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n = PositiveLong.parse(value);
            if (n > Integer.MAX_VALUE) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too large");
            }
            return (int) n;
        }
    }

    /** A whole number of at least 0. */
    static final class NonNegative implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n = PositiveLong.parse(value, 0);
            if (n > Integer.MAX_VALUE) {
                throw new CommandLine.TypeConversionException("'" + value + "' is too large");
            }
            return (int) n;
        }
    }

    /** A whole number of at least 1, as a long. */
    static final class PositiveLong implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value);
        }

        static long parse(String value) {
            return parse(value, 1);
        }

        static long parse(String value, long min) {
            long n;
            try {
                n = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
            }
            if (n < min) {
                throw new CommandLine.TypeConversionException("'" + value + "' must be at least " + min);
            }
            return n;
        }
    }

    /** An {@code http://} or {@code https://} URL with a host. */
    static final class HttpUrl implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            URI uri;
            try {
                uri = new URI(value.trim());
            } catch (URISyntaxException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an http:// or https:// URL "
                        + "with a host, e.g. https://s3.example.com or http://127.0.0.1:9000");
            }
            return uri.toString();
        }
    }
}
