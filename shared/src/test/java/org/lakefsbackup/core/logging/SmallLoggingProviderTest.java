package org.lakefsbackup.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;

/** The function hosts' logging base: the project's loggers at the chosen level, third-party ones never below WARN. */
class SmallLoggingProviderTest {
    static final class Recording extends SmallLoggingProvider {
        final Level level;
        final List<String> lines = new ArrayList<>();

        Recording(Level level) {
            this.level = level;
        }

        @Override
        protected Level projectLevel() {
            return level;
        }

        @Override
        protected Logger newLogger(String name, Level threshold) {
            return new SmallLogger(name, threshold) {
                @Override
                protected void handleNormalizedLoggingCall(Level l, Marker marker, String pattern, Object[] args,
                                                           Throwable t) {
                    lines.add(l + " " + getName() + " " + pattern);
                }
            };
        }
    }

    @Test
    void projectLoggersLogFromTheirLevelAndOthersFromWarn() {
        Recording p = new Recording(Level.DEBUG);
        p.initialize();
        Logger ours = p.getLoggerFactory().getLogger("org.lakefsbackup.core.step.X");
        Logger wire = p.getLoggerFactory().getLogger("org.apache.http.wire");
        ours.debug("ours debug");
        ours.trace("ours trace");
        wire.info("wire info");
        wire.warn("wire warn");
        assertThat(p.lines).containsExactly("DEBUG org.lakefsbackup.core.step.X ours debug",
                "WARN org.apache.http.wire wire warn");
        assertThat(p.getLoggerFactory().getLogger("org.lakefsbackup.core.step.X")).isSameAs(ours);
        assertThat(p.getMDCAdapter()).isNotNull();
        assertThat(p.getMarkerFactory()).isNotNull();
    }

    @Test
    void aLevelAboveWarnAppliesToEveryLogger() {
        Recording p = new Recording(Level.ERROR);
        p.initialize();
        p.getLoggerFactory().getLogger("org.lakefsbackup.X").warn("ours warn");
        p.getLoggerFactory().getLogger("software.amazon.awssdk").warn("sdk warn");
        p.getLoggerFactory().getLogger("software.amazon.awssdk").error("sdk error");
        assertThat(p.lines).containsExactly("ERROR software.amazon.awssdk sdk error");
    }
}
