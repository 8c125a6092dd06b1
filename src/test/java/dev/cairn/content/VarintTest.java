package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VarintTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @ParameterizedTest(name = "{0} is encoded as {1}")
    @CsvSource({
        "0, 00",
        "1, 01",
        "127, 7f",
        "128, 8001",
        "300, ac02",
        "16384, 808001",
        "9223372036854775807, ffffffffffffffff7f",
    })
    void value_has_the_unsigned_leb128_encoding(long value, String encoding) {
        assertThat(Varint.encode(value)).isEqualTo(hex(encoding));
        assertThat(Varint.size(value)).isEqualTo(encoding.length() / 2);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 127, 128, 255, 16383, 16384, 1L << 35, Long.MAX_VALUE})
    void value_round_trips_through_bytes_and_streams(long value) throws IOException {
        byte[] encoded = Varint.encode(value);
        // decode at an offset, with unrelated bytes around it
        byte[] framed = new byte[encoded.length + 3];
        framed[0] = (byte) 0xAA;
        System.arraycopy(encoded, 0, framed, 1, encoded.length);
        framed[encoded.length + 1] = (byte) 0xFF;
        assertThat(Varint.decode(framed, 1, framed.length)).isEqualTo(new Varint.Decoded(value, encoded.length));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(value, out);
        out.write(0x05);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(Varint.read(in)).isEqualTo(value);
        assertThat(in.read()).as("the byte after the varint is left unread").isEqualTo(0x05);
    }

    @Test
    void max_value_takes_the_full_nine_bytes() {
        assertThat(Varint.encode(Long.MAX_VALUE)).hasSize(9);
        assertThat(Varint.decode(hex("ffffffffffffffff7f"), 0, 9).value()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void negative_values_are_refused() {
        assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsigned");
    }

    @Test
    void decode_rejects_a_truncated_varint() {
        assertThatThrownBy(() -> Varint.decode(new byte[0], 0, 0)).hasMessage("truncated varint");
        assertThatThrownBy(() -> Varint.decode(hex("80"), 0, 1)).hasMessage("truncated varint");
        assertThatThrownBy(() -> Varint.decode(hex("ffff"), 0, 2)).hasMessage("truncated varint");
        // the limit, not the array's end, bounds the read
        assertThatThrownBy(() -> Varint.decode(hex("8001"), 0, 1)).hasMessage("truncated varint");
    }

    @Test
    void read_rejects_a_truncated_varint_but_reports_a_clean_end() throws IOException {
        assertThat(Varint.read(new ByteArrayInputStream(new byte[0]))).isEqualTo(-1);
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(hex("8080"))))
                .isInstanceOf(EOFException.class)
                .hasMessage("truncated varint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8000", "ff00", "808000", "ffffffffffffffff00"})
    void non_minimal_encodings_are_rejected(String encoding) {
        byte[] bytes = hex(encoding);
        assertThatThrownBy(() -> Varint.decode(bytes, 0, bytes.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("non-minimal varint");
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessage("non-minimal varint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ffffffffffffffffff01", "80808080808080808001", "ffffffffffffffffff"})
    void encodings_longer_than_nine_bytes_are_rejected(String encoding) {
        byte[] bytes = hex(encoding);
        assertThatThrownBy(() -> Varint.decode(bytes, 0, bytes.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("varint longer than 9 bytes");
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessage("varint longer than 9 bytes");
    }
}
