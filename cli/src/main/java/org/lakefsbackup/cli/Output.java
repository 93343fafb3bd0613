package org.lakefsbackup.cli;

import org.lakefsbackup.core.model.Json;

/** Prints results: JSON on stdout with {@code --json}, else readable lines. */
final class Output {
    private final LakeFsBackupCommand top;

    Output(LakeFsBackupCommand top) {
        this.top = top;
    }

    void result(Object json, String human) {
        if (top.json) {
            top.out.println(Json.writeString(json));
        } else {
            top.out.println(human);
        }
        top.out.flush();
    }

    void warn(String message) {
        top.err.println("warning: " + message);
        top.err.flush();
    }

    ConsoleProgress progress() {
        return new ConsoleProgress(top.err, top.quiet);
    }
}
