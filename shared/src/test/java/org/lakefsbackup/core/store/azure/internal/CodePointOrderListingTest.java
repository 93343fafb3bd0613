package org.lakefsbackup.core.store.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.InternalException;
import org.lakefsbackup.core.store.KeyOrder;

class CodePointOrderListingTest {
    /** Characters on both sides of every boundary where UTF-16 and code point order disagree. */
    private static final String[] ALPHABET = {"a", "b", "/", "\uD7FF", "\uE000", "\uFFFF", "\uD800\uDC00",
        "\uD83D\uDE00", "\uDBFF\uDFFF"};

    /** A listing service over a sorted set, in UTF-16 order as Azure lists; counts the listing calls. */
    private static final class Utf16Service implements CodePointOrderListing.Source<String> {
        final TreeSet<String> keys = new TreeSet<>();
        int calls;

        @Override
        public Iterator<String> list(String prefix, String from) {
            calls++;
            return keys.tailSet(from, true).stream().filter(k -> k.startsWith(prefix)).iterator();
        }
    }

    private static List<String> list(Utf16Service service, String prefix, String after) {
        List<String> out = new ArrayList<>();
        new CodePointOrderListing<>(service, Function.identity(), prefix, after).forEachRemaining(out::add);
        return out;
    }

    @Test
    void listsKeysWithoutSupplementaryCharactersWithOneCall() {
        Utf16Service service = new Utf16Service();
        service.keys.addAll(List.of("p/a", "p/b", "p/\uE000", "p/\uFFFF", "q/a"));
        assertThat(list(service, "p/", null)).containsExactly("p/a", "p/b", "p/\uE000", "p/\uFFFF");
        assertThat(service.calls).isEqualTo(1);
    }

    @Test
    void putsSupplementaryCharactersAfterTheRestOfTheBasicPlane() {
        Utf16Service service = new Utf16Service();
        service.keys.addAll(List.of("z", "\uD7FF-below", "\uE000-private", "\uFF21-fullwidth", "\uD83D\uDE00-emoji"));
        assertThat(list(service, "", null)).containsExactly("z", "\uD7FF-below", "\uE000-private", "\uFF21-fullwidth",
                "\uD83D\uDE00-emoji");
        assertThat(list(service, "", "\uE000-private")).containsExactly("\uFF21-fullwidth", "\uD83D\uDE00-emoji");
        assertThat(list(service, "", "\uD83D\uDE00")).containsExactly("\uD83D\uDE00-emoji");
    }

    @Test
    void ordersEveryKeySetLikeKeyOrderFromEveryStartingPoint() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            Utf16Service service = new Utf16Service();
            int n = 1 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                service.keys.add("r/" + randomKey(random));
            }
            List<String> expected = service.keys.stream().sorted(KeyOrder.COMPARATOR).toList();
            assertThat(list(service, "r/", null)).as("keys %s", service.keys).containsExactlyElementsOf(expected);
            for (int i = 0; i < 5; i++) {
                String after = "r/" + randomKey(random);
                List<String> tail = expected.stream().filter(k -> KeyOrder.compare(k, after) > 0).toList();
                assertThat(list(service, "r/", after)).as("keys %s after %s", service.keys, after)
                        .containsExactlyElementsOf(tail);
            }
        }
    }

    @Test
    void refusesAListingThatIsNotInUtf16Order() {
        CodePointOrderListing.Source<String> hierarchical = (prefix, from) -> List.of("a/x", "a-b").iterator();
        assertThatThrownBy(() -> new CodePointOrderListing<>(hierarchical, Function.identity(), "", null)
                .forEachRemaining(k -> { }))
                .isInstanceOf(InternalException.class).hasMessageContaining("hierarchical namespace");
    }

    @Test
    void theSuccessorSortsAfterEveryExtensionAndIsWellFormed() {
        assertThat(CodePointOrderListing.successor("ab")).isEqualTo("ac");
        assertThat(CodePointOrderListing.successor("a\uD7FF")).isEqualTo("a\uD800\uDC00");
        assertThat(CodePointOrderListing.successor("a\uD83D\uDE00")).isEqualTo("a\uD83D\uDE01");
        assertThat(CodePointOrderListing.successor("a\uDBFF\uDFFF")).isEqualTo("a\uE000");
        assertThat(CodePointOrderListing.successor("a\uFFFF")).isEqualTo("b");
        assertThat(CodePointOrderListing.successor("\uFFFF\uFFFF")).isNull();
    }

    private static String randomKey(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(4);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
