package org.lakefsbackup.core.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.UnauthorizedException;

/** A client built on its first call, once; a failed build is tried again; closing builds nothing. */
class LazyLakeFsClientTest {
    private final AtomicInteger builds = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    /** A client that answers endpoint() and counts close(). */
    private LakeFsClient built() {
        builds.incrementAndGet();
        return (LakeFsClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LakeFsClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "endpoint" -> "https://lakefs.example.com/api/v1";
                    case "close" -> {
                        closed.incrementAndGet();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void buildsOnTheFirstCallOnlyAndClosesWhatItBuilt() throws Exception {
        LakeFsClient lazy = LakeFsClient.lazy(this::built);
        assertThat(builds).hasValue(0);
        assertThat(lazy.endpoint()).isEqualTo("https://lakefs.example.com/api/v1");
        assertThat(lazy.endpoint()).isEqualTo("https://lakefs.example.com/api/v1");
        assertThat(builds).hasValue(1);
        lazy.close();
        assertThat(closed).hasValue(1);
    }

    @Test
    void closingAClientNeverUsedBuildsNothing() throws Exception {
        LakeFsClient lazy = LakeFsClient.lazy(this::built);
        lazy.close();
        assertThat(builds).hasValue(0);
        assertThat(closed).hasValue(0);
    }

    @Test
    void aFactoryThatFailsFailsThatCallAndIsTriedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        LakeFsClient lazy = LakeFsClient.lazy(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw ErrorCode.UNAUTHORIZED.exception("no lakeFS credentials");
            }
            return built();
        });
        assertThatThrownBy(lazy::endpoint).isInstanceOf(UnauthorizedException.class);
        assertThat(lazy.endpoint()).isEqualTo("https://lakefs.example.com/api/v1");
        assertThat(attempts).hasValue(2);
    }
}
