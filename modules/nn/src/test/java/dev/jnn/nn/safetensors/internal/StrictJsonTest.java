package dev.jnn.nn.safetensors.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    void parsesObjectsInKeyOrderWithTypedNumbersAndLiterals() {
        Object v = StrictJson.parse(" {\"z\": [1, -0, 2.5, 1e3], \"a\": {\"t\": true, \"f\": false, \"n\": null}} ");
        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("z", "a");
        assertThat(m.get("z")).isEqualTo(List.of(BigInteger.ONE, BigInteger.ZERO, new BigDecimal("2.5"), new BigDecimal("1e3")));
        assertThat(m.get("a")).isEqualTo(Map.of("t", true, "f", false, "n", StrictJson.NULL));
    }

    @Test
    void decodesEscapesIncludingSurrogatePairs() {
        assertThat(StrictJson.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"")).isEqualTo("a\"b\\c/d\b\f\n\r\té😀");
    }

    @Test
    void refusesWhatRfc8259Forbids() {
        assertRefused("[1,]", "unexpected character ']' at character 3");
        assertRefused("01", "leading zero in number at character 1");
        assertRefused("1.", "expected a digit after '.' at character 2");
        assertRefused("\"a\u0001\"", "control character U+0001 inside a string at character 2");
        assertRefused("\"\\ud800x\"", "unpaired surrogate escape");
        assertRefused("\"\\x\"", "invalid escape \\x");
        assertRefused("{\"a\":1 \"b\":2}", "expected ',' or '}' but found '\"' at character 7");
        assertRefused("[1] [2]", "unexpected data after the JSON value at character 4");
        assertRefused("tru", "invalid literal (expected true)");
        assertRefused("\"open", "unexpected end of JSON, expected closing '\"'");
        assertRefused("{'a':1}", "expected a string key at character 1");
        assertRefused("NaN", "unexpected character 'N'");
    }

    @Test
    void refusesHugeNumbersAndDeepNestingWithoutRecursingFurther() {
        assertRefused("1" + "0".repeat(100), "number longer than 64 characters");
        assertRefused("[".repeat(65) + "]".repeat(65), "nesting deeper than 64 levels");
        assertThat(StrictJson.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
    }

    @Test
    void refusesDuplicateKeysAtAnyDepth() {
        assertRefused("{\"a\":{\"x\":1,\"x\":2}}", "duplicate key \"x\" at character 12");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> StrictJson.parse(json)).isInstanceOf(StrictJson.JsonSyntaxException.class)
                .hasMessageContaining(message);
    }
}
