package org.lakefsbackup.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;

class EnvReaderTest {
    private final EnvReader read = new EnvReader(Map.ofEntries(Map.entry("S", "  text "), Map.entry("BLANK", "  "),
            Map.entry("URL", "http://host:1/p"), Map.entry("HOSTLESS", "host:1"), Map.entry("YES", "Yes"),
            Map.entry("OFF", "0"), Map.entry("BAD_BOOL", "maybe"), Map.entry("N", " 42 "), Map.entry("ZERO", "0"),
            Map.entry("BIG", "99999999999"), Map.entry("NAN", "many"), Map.entry("LIST", " a, ,b ,, c")));

    @Test
    void blankIsUnsetAndValuesAreTrimmed() {
        assertThat(read.string("S")).isEqualTo("text");
        assertThat(read.string("BLANK")).isNull();
        assertThat(read.string("MISSING")).isNull();
        assertThat(read.uri("BLANK")).isNull();
        assertThat(read.number("BLANK")).isNull();
        assertThat(read.bool("BLANK", true)).isTrue();
        assertThat(read.positiveInt("MISSING", 7)).isEqualTo(7);
        assertThat(read.list("MISSING")).isEmpty();
    }

    @Test
    void typedValues() {
        assertThat(read.uri("URL")).isEqualTo(URI.create("http://host:1/p"));
        assertThat(read.bool("YES", false)).isTrue();
        assertThat(read.bool("OFF", true)).isFalse();
        assertThat(read.number("N")).isEqualTo(42L);
        assertThat(read.number("ZERO", 10)).isZero();
        assertThat(read.positiveInt("N", 1)).isEqualTo(42);
        assertThat(read.list("LIST")).containsExactly("a", "b", "c");
    }

    @Test
    void malformedValuesAreInvalidInputNamingTheVariable() {
        for (Runnable bad : new Runnable[] {() -> read.uri("HOSTLESS"), () -> read.bool("BAD_BOOL", false),
                () -> read.number("NAN"), () -> read.positiveInt("ZERO", 1), () -> read.positiveInt("BIG", 1)}) {
            assertThatThrownBy(bad::run).isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass())
                    .hasMessageMatching(".*(HOSTLESS|BAD_BOOL|NAN|ZERO|BIG).*");
        }
    }
}
