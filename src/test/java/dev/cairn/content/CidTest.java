package dev.cairn.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CidTest {
    static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    /**
     * The multiformats CID spec's example: one sha2-256 multihash (c3c4733e...) as CIDv1 dag-pb and
     * as CIDv0. (QmdfTbBq..., sometimes quoted with it, is a different multihash: SHA-256 of nothing.)
     */
    static final String SPEC_V1 = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    static final String SPEC_V0 = "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR";
    static final String SPEC_DIGEST = "c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    private static final HexFormat HEX = HexFormat.of();

    // ---- independent encoders (BigInteger arithmetic, unlike the production bit/radix loops) ----

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

    /** RFC 4648 base32, lower case, no padding. */
    static String base32(byte[] bytes) {
        int bits = bytes.length * 8;
        int chars = (bits + 4) / 5;
        BigInteger v = new BigInteger(1, bytes).shiftLeft(chars * 5 - bits);
        StringBuilder sb = new StringBuilder();
        for (int i = chars - 1; i >= 0; i--) sb.append(BASE32.charAt(v.shiftRight(5 * i).intValue() & 31));
        return sb.toString();
    }

    /** Big-number radix encoding where each leading zero byte becomes one zero digit. */
    static String radix(byte[] bytes, String alphabet) {
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) zeros++;
        BigInteger base = BigInteger.valueOf(alphabet.length());
        BigInteger v = new BigInteger(1, bytes);
        StringBuilder sb = new StringBuilder();
        while (v.signum() > 0) {
            BigInteger[] qr = v.divideAndRemainder(base);
            sb.append(alphabet.charAt(qr[1].intValue()));
            v = qr[0];
        }
        sb.append(String.valueOf(alphabet.charAt(0)).repeat(zeros));
        return sb.reverse().toString();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int i = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, i, p.length);
            i += p.length;
        }
        return out;
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    // ---- CIDv0 ----

    @Test
    void cid_v0_round_trips_through_text() {
        Cid cid = Cid.parse(HELLO_V0);
        // the block behind it: dag-pb { Data: UnixFS { file, "hello world\n", filesize 12 } }
        byte[] block = hex("0a120802120c68656c6c6f20776f726c640a180c");
        assertThat(cid.version()).isZero();
        assertThat(cid.codec()).isEqualTo(Codec.DAG_PB);
        assertThat(cid.multihash().code()).isEqualTo(Multihash.SHA2_256);
        assertThat(cid.multihash().digest()).isEqualTo(Multihash.newSha256().digest(block));
        assertThat(cid.toString()).isEqualTo(HELLO_V0);
        assertThat(Cid.parse("  " + HELLO_V0 + "\n")).as("surrounding white space is ignored").isEqualTo(cid);
    }

    @Test
    void cid_v0_bytes_are_the_bare_multihash() {
        Cid cid = Cid.parse(HELLO_V0);
        byte[] bytes = cid.toBytes();
        assertThat(bytes).hasSize(34);
        assertThat(Arrays.copyOf(bytes, 2)).isEqualTo(hex("1220"));
        assertThat(Arrays.copyOfRange(bytes, 2, 34)).isEqualTo(cid.multihash().digest());
        assertThat(radix(bytes, BASE58)).isEqualTo(HELLO_V0);
        assertThat(Cid.fromBytes(bytes)).isEqualTo(cid);
    }

    // ---- CIDv1 ----

    @Test
    void cid_v1_is_written_in_lower_case_base32_and_round_trips() {
        Cid cid = Cid.parse(SPEC_V1);
        assertThat(cid.version()).isEqualTo(1);
        assertThat(cid.codec()).isEqualTo(Codec.DAG_PB);
        assertThat(cid.multihash().code()).isEqualTo(Multihash.SHA2_256);
        byte[] bytes = cid.toBytes();
        assertThat(Arrays.copyOf(bytes, 4)).isEqualTo(hex("01701220"));
        assertThat(bytes).hasSize(36);
        assertThat(cid.toString()).isEqualTo(SPEC_V1).isEqualTo("b" + base32(bytes));
        assertThat(Cid.fromBytes(bytes)).isEqualTo(cid);
    }

    @Test
    void v0_and_v1_of_the_spec_example_share_one_multihash() {
        Cid v0 = Cid.parse(SPEC_V0);
        Cid v1 = Cid.parse(SPEC_V1);
        assertThat(v0.multihash()).isEqualTo(v1.multihash());
        assertThat(v0.multihash().hex()).isEqualTo(SPEC_DIGEST);
        assertThat(v0).isNotEqualTo(v1);
        assertThat(v0.toV1()).isEqualTo(v1);
        assertThat(v0.toV1().toString()).isEqualTo(SPEC_V1);
        assertThat(v1.toV1()).isSameAs(v1);
        assertThat(Cid.v0(v1.multihash()).toString()).isEqualTo(SPEC_V0);
    }

    @Test
    void v0_of_the_empty_sha256_converts_to_its_v1() {
        Cid v0 = Cid.parse("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
        assertThat(v0.multihash().hex()).isEqualTo(TestContent.sha256Hex(new byte[0]));
        assertThat(v0.toV1().toString()).isEqualTo("bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(v0.toV1()).isNotEqualTo(Cid.parse(SPEC_V1));
    }

    @Test
    void the_same_v1_cid_is_accepted_in_every_supported_multibase() {
        Cid cid = Cid.parse(SPEC_V1);
        byte[] bytes = cid.toBytes();
        String b32upper = "B" + base32(bytes).toUpperCase(Locale.ROOT);
        String b58 = "z" + radix(bytes, BASE58);
        String b36 = "k" + radix(bytes, BASE36);
        String b36upper = "K" + radix(bytes, BASE36).toUpperCase(Locale.ROOT);
        String b16 = "f" + HEX.formatHex(bytes);

        assertThat(b32upper).startsWith("BAFYBEIG");
        assertThat(b58).startsWith("zdj7W");
        assertThat(Stream.of(b32upper, b58, b36, b36upper, b16, b16.toUpperCase(Locale.ROOT)).map(Cid::parse))
                .containsOnly(cid);
        // and the production encoders agree with the independent ones
        assertThat(Multibase.encodeBase58(bytes)).isEqualTo(b58);
        assertThat(Multibase.encodeBase36(bytes)).isEqualTo(b36);
        assertThat(Multibase.encodeBase32(bytes)).isEqualTo(SPEC_V1);
    }

    @ParameterizedTest(name = "{1} decodes to {0}")
    @CsvSource(delimiter = '|', value = {
        // multiformats/multibase test vectors (tests/test2.csv, test4.csv, test5.csv, test6.csv)
        "796573206d616e692021|bpfsxgidnmfxgsibb",
        "796573206d616e692021|BPFSXGIDNMFXGSIBB",
        "796573206d616e692021|z7paNL19xttacUY",
        "796573206d616e692021|k2lcpzo5yikidynfl",
        "796573206d616e692021|K2LCPZO5YIKIDYNFL",
        "796573206d616e692021|f796573206d616e692021",
        "796573206d616e692021|F796573206D616E692021",
        "00796573206d616e692021|bab4wk4zanvqw42jaee",
        "00796573206d616e692021|z17paNL19xttacUY",
        "0000796573206d616e692021|baaahszltebwwc3tjeaqq",
        "0000796573206d616e692021|z117paNL19xttacUY",
        "68656c6c6f20776f726c64|bnbswy3dpeB3W64TMMQ",
        "68656c6c6f20776f726c64|kfUvrsIvVnfRbjWaJo",
    })
    void multibase_decodes_the_published_test_vectors(String expectedHex, String text) {
        assertThat(Multibase.decode(text)).isEqualTo(hex(expectedHex));
    }

    @Test
    void multibase_encodes_the_published_test_vectors() {
        byte[] yes = "yes mani !".getBytes(StandardCharsets.US_ASCII);
        assertThat(Multibase.encodeBase32(yes)).isEqualTo("bpfsxgidnmfxgsibb");
        assertThat(Multibase.encodeBase58(yes)).isEqualTo("z7paNL19xttacUY");
        assertThat(Multibase.encodeBase36(yes)).isEqualTo("k2lcpzo5yikidynfl");
        assertThat(Multibase.encodeBase32(concat(new byte[2], yes))).isEqualTo("baaahszltebwwc3tjeaqq");
        assertThat(Multibase.encodeBase58(concat(new byte[2], yes))).isEqualTo("z117paNL19xttacUY");
        assertThat(Multibase.encodeBase36(concat(new byte[1], yes))).isEqualTo("k0" + radix(yes, BASE36));
    }

    @Test
    void base36_accepts_only_the_ascii_alphabet() {
        String k = "k" + radix(Cid.parse(SPEC_V1).toBytes(), BASE36);
        StringBuilder arabicDigits = new StringBuilder("k");
        StringBuilder fullwidthLetters = new StringBuilder("k");
        for (char c : k.substring(1).toCharArray()) {
            arabicDigits.append(c >= '0' && c <= '9' ? (char) ('\u0660' + (c - '0')) : c);
            fullwidthLetters.append(c >= 'a' && c <= 'z' ? (char) ('\uFF41' + (c - 'a')) : c);
        }
        assertThat(Cid.parse(k).toString()).isEqualTo(SPEC_V1);
        // Character.digit would read these as 0-9 and a-z: a look-alike string must not name the same CID
        assertThatThrownBy(() -> Cid.parse(arabicDigits.toString()))
                .isInstanceOf(CidFormatException.class)
                .hasMessageContaining("invalid base36 character");
        assertThatThrownBy(() -> Cid.parse(fullwidthLetters.toString()))
                .isInstanceOf(CidFormatException.class)
                .hasMessageContaining("invalid base36 character");
    }

    @Test
    void identity_cid_of_empty_data_parses_as_identity() {
        Cid cid = Cid.parse("bafkqaaa");
        assertThat(cid.version()).isEqualTo(1);
        assertThat(cid.codec()).isEqualTo(Codec.RAW);
        assertThat(cid.isIdentity()).isTrue();
        assertThat(cid.multihash().code()).isEqualTo(Multihash.IDENTITY);
        assertThat(cid.multihash().digest()).isEmpty();
        assertThat(cid.toBytes()).isEqualTo(hex("01550000"));
        assertThat(cid.toString()).isEqualTo("bafkqaaa");
        assertThat(cid).isEqualTo(Cid.v1(Codec.RAW, Multihash.identity(new byte[0])));
        assertThat(cid.multihash().matches(new byte[0])).isTrue();
        assertThat(cid.multihash().matches(new byte[] {0})).isFalse();
    }

    @Test
    void a_sha256_cid_is_not_identity_and_matches_only_its_bytes() {
        Cid cid = Cid.parse(HELLO_V0);
        assertThat(cid.isIdentity()).isFalse();
        byte[] block = hex("0a120802120c68656c6c6f20776f726c640a180c");
        assertThat(cid.multihash().matches(block)).isTrue();
        block[5] ^= 1;
        assertThat(cid.multihash().matches(block)).isFalse();
    }

    @Test
    void cid_v0_must_be_dag_pb_with_sha256() {
        Multihash mh = Cid.parse(SPEC_V1).multihash();
        assertThatThrownBy(() -> new Cid(0, Codec.RAW, mh))
                .isInstanceOf(CidFormatException.class)
                .hasMessage("CIDv0 must be dag-pb with a sha2-256 multihash");
        assertThatThrownBy(() -> new Cid(2, Codec.RAW, mh))
                .isInstanceOf(CidFormatException.class)
                .hasMessage("unsupported CID version 2");
    }

    // ---- malformed input ----

    static Stream<Arguments> malformed() {
        byte[] good = Cid.parse(SPEC_V1).toBytes();
        byte[] digest = Cid.parse(SPEC_V1).multihash().digest();
        String badBase32 = SPEC_V1.substring(0, 20) + "1" + SPEC_V1.substring(21);
        String badBase58 = SPEC_V0.substring(0, 45) + "0";
        return Stream.of(
                Arguments.of("empty", "", "empty CID"),
                Arguments.of("blank", "   ", "empty CID"),
                Arguments.of("not a CID at all", "hello", "unsupported multibase prefix 'h'"),
                Arguments.of("invalid base32 character", badBase32, "invalid base32 character '1'"),
                Arguments.of("invalid base58 character in a Qm CID", badBase58, "invalid base58btc character '0' at position 45"),
                Arguments.of("unsupported multibase (base64)",
                        "m" + java.util.Base64.getEncoder().withoutPadding().encodeToString(good),
                        "unsupported multibase prefix 'm'"),
                Arguments.of("impossible base32 length", "ba", "invalid base32 length or trailing bits"),
                Arguments.of("truncated digest", "b" + base32(Arrays.copyOf(good, good.length - 4)),
                        "truncated multihash digest"),
                Arguments.of("unsupported version 2", "b" + base32(concat(hex("02701220"), digest)),
                        "unsupported CID version 2"),
                Arguments.of("sha2-256 digest of 16 bytes", "b" + base32(concat(hex("01701210"), Arrays.copyOf(digest, 16))),
                        "sha2-256 digest must be 32 bytes, got 16"),
                Arguments.of("unsupported hash function", "b" + base32(concat(hex("01701320"), digest)),
                        "unsupported multihash function 0x13"),
                Arguments.of("trailing bytes", "b" + base32(concat(good, new byte[] {0})), "trailing bytes after CID"),
                Arguments.of("truncated varint", "b" + base32(hex("0180")), "truncated varint"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformed_text_is_rejected_with_a_message_naming_the_problem(String what, String text, String problem) {
        assertThatThrownBy(() -> Cid.parse(text))
                .isInstanceOf(CidFormatException.class)
                .hasMessageContaining(problem);
        assertThat(Cid.tryParse(text)).isNull();
    }

    @Test
    void the_message_quotes_the_rejected_text() {
        assertThatThrownBy(() -> Cid.parse("hello"))
                .hasMessage("invalid CID 'hello': unsupported multibase prefix 'h'");
    }

    @Test
    void malformed_bytes_are_rejected_with_a_message_naming_the_problem() {
        byte[] good = Cid.parse(SPEC_V1).toBytes();
        byte[] digest = Cid.parse(SPEC_V1).multihash().digest();
        assertThatThrownBy(() -> Cid.fromBytes(new byte[0]))
                .isInstanceOf(CidFormatException.class).hasMessage("truncated varint");
        assertThatThrownBy(() -> Cid.fromBytes(concat(good, new byte[] {1})))
                .isInstanceOf(CidFormatException.class).hasMessage("trailing bytes after CID");
        assertThatThrownBy(() -> Cid.fromBytes(Arrays.copyOf(good, 30)))
                .isInstanceOf(CidFormatException.class).hasMessage("truncated multihash digest");
        assertThatThrownBy(() -> Cid.fromBytes(concat(hex("02701220"), digest)))
                .isInstanceOf(CidFormatException.class).hasMessage("unsupported CID version 2");
        assertThatThrownBy(() -> Cid.fromBytes(concat(hex("1220"), Arrays.copyOf(digest, 31))))
                .isInstanceOf(CidFormatException.class).hasMessage("truncated multihash digest");
    }

    @Test
    void a_binary_cid_is_parsed_from_the_middle_of_a_buffer() {
        byte[] good = Cid.parse(SPEC_V1).toBytes();
        byte[] buf = concat(hex("ffff"), good, hex("0a0b0c"));
        Cid.Parsed parsed = Cid.parse(buf, 2, buf.length);
        assertThat(parsed.cid().toString()).isEqualTo(SPEC_V1);
        assertThat(parsed.length()).isEqualTo(36);
    }
}
