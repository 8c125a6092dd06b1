package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** EntityBytes' equality, written out by hand (see its comment): the whole entity is told apart from every other range. */
class EntityBytesTest {
    @Test
    void ranges_are_equal_when_both_ends_are() {
        assertThat(EntityBytes.parse("0:*")).isEqualTo(EntityBytes.ALL).hasSameHashCodeAs(EntityBytes.ALL);
        assertThat(EntityBytes.parse("0:2097151")).isEqualTo(EntityBytes.parse("0:2097151"))
                .hasSameHashCodeAs(EntityBytes.parse("0:2097151"));
        assertThat(EntityBytes.parse("0:2097151")).isNotEqualTo(EntityBytes.ALL);
        assertThat(EntityBytes.parse("1:*")).isNotEqualTo(EntityBytes.ALL);
        assertThat(EntityBytes.parse("0:10")).isNotEqualTo(EntityBytes.parse("0:11"));
        assertThat(EntityBytes.parse("-10:*")).isNotEqualTo(EntityBytes.parse("10:*"));
        assertThat(EntityBytes.ALL).isNotEqualTo(null).isNotEqualTo("0:*");
    }
}
