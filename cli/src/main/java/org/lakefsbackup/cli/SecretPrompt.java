package org.lakefsbackup.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * Asks for a secret: on the terminal without echo when there is one; otherwise the prompt goes to stderr and the
 * secret is the first line of stdin (so {@code printf '%s\n' "$SECRET" | lakefs-backup ... --secret-access-key}
 * works). Never writes to stdout, which may be a JSON document.
 */
final class SecretPrompt {
    /** The value picocli gives an option typed without its value. Not a possible secret. */
    static final String ASK = "\u0000ask";

    private SecretPrompt() {
    }

    static String read(String prompt, Console console, InputStream stdin) {
        java.io.Console terminal = System.console();
        if (terminal != null) {
            char[] secret = terminal.readPassword("%s", prompt);
            if (secret != null && secret.length > 0) {
                return new String(secret);
            }
        } else {
            synchronized (console.err()) {
                console.err().print(prompt);
                console.err().flush();
            }
            try {
                String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
                console.err().println();
                console.err().flush();
                if (line != null && !line.isEmpty()) {
                    return line;
                }
            } catch (IOException e) {
                throw ErrorCode.INVALID_INPUT.exception("cannot read the secret from stdin: " + e.getMessage(), e);
            }
        }
        throw ErrorCode.INVALID_INPUT.exception("no secret given at the prompt of --secret-access-key");
    }
}
