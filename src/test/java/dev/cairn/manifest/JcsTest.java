package dev.cairn.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The JCS subset against RFC 8785's examples (where they stay within integers) and the reference implementation's test data. */
class JcsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String jcs(String json) throws Exception {
        return Jcs.canonicalString(JSON.readTree(json));
    }

    @Test
    void rfc_8785_strings_and_literals_example() throws Exception {
        // RFC 8785 section 3.2.2, without its "numbers" member (floating point, outside the subset)
        String input = """
                {
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        assertThat(jcs(input)).isEqualTo("{\"literals\":[null,true,false],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void rfc_8785_example_with_its_numbers_is_refused_for_the_floats() {
        String input = """
                {"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "literals": [null, true, false]}""";
        assertThatThrownBy(() -> jcs(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.numbers[0]").hasMessageContaining("floating-point").hasMessageContaining("integers only");
    }

    @Test
    void rfc_8785_property_sorting_by_utf16_code_units() throws Exception {
        // RFC 8785 section 3.2.3: the emoji (surrogates D83D DE00) sorts before U+FB33, unlike by code point
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        JsonNode sorted = JSON.readTree(jcs(input));
        assertThat(sorted.properties()).extracting(e -> e.getValue().asText()).containsExactly(
                "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face",
                "Hebrew Letter Dalet With Dagesh");
        assertThat(jcs(input)).startsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"");
    }

    @Test
    void reference_weird_json_gives_the_reference_output_bytes() throws Exception {
        // cyberphone/json-canonicalization testdata/input/weird.json and output/weird.json: U+0080 and U+007F stay raw
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "1": "One",
                  "\\u0080": "Control\\u007f",
                  "\\ud83d\\ude02": "Smiley",
                  "\\u00f6": "Latin Small Letter O With Diaeresis",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "</script>": "Browser Challenge"
                }""";
        String expected = "{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u0080\":\"Control\u007f\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😂\":\"Smiley\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        assertThat(Jcs.canonicalize(JSON.readTree(input))).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        // the raw UTF-8 of U+0080 and of the emoji, as the reference writes them
        assertThat(HexFormat.of().formatHex(Jcs.canonicalize(JSON.readTree(input)))).contains("c280").contains("f09f9882");
    }

    @Test
    void reference_structures_json_without_its_float() throws Exception {
        // cyberphone/json-canonicalization testdata/input/structures.json, with 56.0 written as 56
        String input = """
                {
                  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56},
                  "10": { },
                  "": "empty",
                  "a": { },
                  "111": [ { } ],
                  "A": { }
                }""";
        assertThat(jcs(input)).isEqualTo("{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},\"10\":{},\"111\":[{}],\"A\":{},\"a\":{}}");
    }

    @Test
    void reference_french_json_ignores_locale() throws Exception {
        String input = """
                {"peach": "This sorting order", "péché": "is wrong according to French", "pêche": "but canonicalization MUST",
                 "sin": "ingnore locale"}""";
        assertThat(jcs(input)).isEqualTo("{\"peach\":\"This sorting order\",\"péché\":\"is wrong according to French\","
                + "\"pêche\":\"but canonicalization MUST\",\"sin\":\"ingnore locale\"}");
    }

    @Test
    void controls_use_the_short_escapes_and_lower_case_hex_for_the_rest() throws Exception {
        assertThat(jcs("[\"\\b\\t\\n\\f\\r\\u0000\\u001F\\u001e\"]")).isEqualTo("[\"\\b\\t\\n\\f\\r\\u0000\\u001f\\u001e\"]");
        assertThat(jcs("[\"\\u002F\\u00e9\\u2028\"]")).isEqualTo("[\"/é\u2028\"]");
    }

    @Test
    void integers_up_to_2_pow_53_minus_1_and_no_further() throws Exception {
        assertThat(jcs("[0, -0, -1, 9007199254740991, -9007199254740991]")).isEqualTo("[0,0,-1,9007199254740991,-9007199254740991]");
        assertThatThrownBy(() -> jcs("[9007199254740992]")).hasMessageContaining("$[0]").hasMessageContaining("2^53");
        assertThatThrownBy(() -> jcs("{\"a\":[123456789012345678901234567890]}")).hasMessageContaining("$.a[0]");
        assertThatThrownBy(() -> jcs("{\"a\":1.0}")).hasMessageContaining("floating-point number 1.0");
        assertThatThrownBy(() -> jcs("{\"a\":1e3}")).hasMessageContaining("floating-point");
    }

    @Test
    void lone_surrogates_are_refused_in_values_and_names() {
        assertThatThrownBy(() -> jcs("{\"a\":\"x\\ud800\"}")).hasMessageContaining("$.a").hasMessageContaining("lone surrogate \\ud800");
        assertThatThrownBy(() -> jcs("{\"\\udc00\":1}")).hasMessageContaining("lone surrogate");
    }

    @Test
    void empty_containers_and_nesting() {
        var f = JsonNodeFactory.instance;
        var o = f.objectNode();
        o.putArray("b").add(f.objectNode()).add(f.arrayNode()).add(true).addNull();
        o.put("a", "x");
        assertThat(Jcs.canonicalString(o)).isEqualTo("{\"a\":\"x\",\"b\":[{},[],true,null]}");
    }
}
