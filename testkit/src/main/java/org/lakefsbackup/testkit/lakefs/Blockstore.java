package org.lakefsbackup.testkit.lakefs;

import java.util.Locale;
import java.util.regex.Pattern;

/** The block store type the emulated server reports, and the namespaces its adapter accepts. */
record Blockstore(String type, Pattern validityRegex, String example) {

    static Blockstore of(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "s3" -> new Blockstore("s3", Pattern.compile("^s3://"), "s3://example-bucket/");
            case "gs" -> new Blockstore("gs", Pattern.compile("^gs://"), "gs://example-bucket/");
            case "azure" -> new Blockstore("azure",
                    Pattern.compile("^https?://[a-z0-9_-]+\\.blob\\.core\\.windows\\.net"),
                    "https://mystorageaccount.blob.core.windows.net/mycontainer/");
            case "local" -> new Blockstore("local", Pattern.compile("^local://"), "local://example-bucket/");
            case "mem" -> new Blockstore("mem", Pattern.compile("^mem://"), "mem://example-bucket/");
            default -> throw new IllegalArgumentException("unknown blockstore type " + type
                    + " (s3, gs, azure, local, mem)");
        };
    }

    boolean accepts(String namespace) {
        return validityRegex.matcher(namespace).find();
    }
}
