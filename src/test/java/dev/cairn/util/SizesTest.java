package dev.cairn.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void parse_reads_bytes_decimal_and_binary_units() {
        assertThat(Sizes.parse("0")).isZero();
        assertThat(Sizes.parse("1048576")).isEqualTo(1_048_576);
        assertThat(Sizes.parse("100B")).isEqualTo(100);
        assertThat(Sizes.parse("10k")).isEqualTo(10_000);
        assertThat(Sizes.parse("512MiB")).isEqualTo(512L << 20);
        assertThat(Sizes.parse("10GB")).isEqualTo(10_000_000_000L);
        assertThat(Sizes.parse("1.5 KiB")).isEqualTo(1536);
        assertThatThrownBy(() -> Sizes.parse("99999999999999999999")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Sizes.parse("9000PiB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Sizes.parse("lots")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> Sizes.parse("5i")).hasMessageContaining("not a size");
    }

    @Test
    void format_exact_picks_the_shortest_exact_unit() {
        assertThat(Sizes.formatExact(0)).isEqualTo("0");
        assertThat(Sizes.formatExact(100)).isEqualTo("100");
        assertThat(Sizes.formatExact(1000)).isEqualTo("1KB");
        assertThat(Sizes.formatExact(1024)).isEqualTo("1KiB");
        assertThat(Sizes.formatExact(512L << 20)).isEqualTo("512MiB");
        assertThat(Sizes.formatExact(10_000_000_000L)).isEqualTo("10GB");
        assertThat(Sizes.formatExact(1_048_577)).isEqualTo("1048577");
    }

    @Test
    void format_exact_parses_back_to_the_same_bytes() {
        long[] samples = {0, 1, 999, 1000, 1023, 1024, 1536, 8192, 1L << 30, 3_000_000_000L, 7L << 40, 5_000_000_000_000_000L, 1L << 53,
            (1L << 53) + 1, Long.MAX_VALUE};
        for (long v : samples) assertThat(Sizes.parse(Sizes.formatExact(v))).as("%d", v).isEqualTo(v);
    }
}
