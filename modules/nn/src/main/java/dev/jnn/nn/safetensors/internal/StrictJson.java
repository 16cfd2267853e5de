package dev.jnn.nn.safetensors.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON parser (RFC 8259) for safetensors headers.
 *
 * <p>Values become {@code Map<String,Object>} (insertion-ordered), {@code List<Object>},
 * {@code String}, {@code BigInteger} (numbers without fraction or exponent), {@code BigDecimal}
 * (other numbers), {@code Boolean}, or {@link #NULL}. Duplicate object keys, nesting deeper than
 * {@link #MAX_DEPTH}, unpaired surrogates, control characters in strings, leading zeros and
 * trailing garbage are refused, so a hostile header cannot make the reader recurse deeply or guess.
 * Numbers longer than {@link #MAX_NUMBER_CHARS} are refused so BigInteger parsing stays cheap.
 */
public final class StrictJson {

    /** The JSON {@code null} value (a Map cannot hold Java null values cleanly). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Deepest nesting accepted; a safetensors header needs 3 levels. */
    public static final int MAX_DEPTH = 64;

    /** Longest number literal accepted. */
    public static final int MAX_NUMBER_CHARS = 64;

    private final String text;
    private int pos;

    private StrictJson(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value that spans all of {@code text} apart from surrounding whitespace.
     *
     * @throws JsonSyntaxException naming the character offset and what was expected
     */
    public static Object parse(String text) {
        StrictJson p = new StrictJson(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected data after the JSON value");
        }
        return value;
    }

    /** A syntax error with the offset where it was found. */
    public static final class JsonSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsonSyntaxException(String message) {
            super(message);
        }
    }

    private Object value(int depth) {
        if (depth >= MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of JSON");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character " + describe(c));
            }
        };
    }

    private Map<String, Object> object(int depth) {
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (map.putIfAbsent(key, v) != null) {
                pos = keyAt;
                throw error("duplicate key \"" + abbreviate(key) + "\"");
            }
            skipWhitespace();
            char c = next("',' or '}'");
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' but found " + describe(c));
            }
        }
    }

    private List<Object> array(int depth) {
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            char c = next("',' or ']'");
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' but found " + describe(c));
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next("closing '\"'");
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character " + describe(c) + " inside a string");
            }
            if (c == '\\') {
                char e = next("escape character");
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(unicodeEscape());
                    default -> {
                        pos--;
                        // A raw line break after '\\' must not reach the one-line message.
                        throw error(e >= 0x20 && e < 0x7f ? "invalid escape \\" + e
                                : "invalid escape: '\\' followed by " + describe(e));
                    }
                }
            } else if (Character.isSurrogate(c)) {
                // Java strings decoded from strict UTF-8 cannot hold lone surrogates; keep the check anyway.
                sb.append(surrogatePair(c));
            } else {
                sb.append(c);
            }
        }
    }

    private char[] surrogatePair(char high) {
        if (!Character.isHighSurrogate(high) || pos >= text.length() || !Character.isLowSurrogate(text.charAt(pos))) {
            throw error("unpaired surrogate in string");
        }
        return new char[] {high, text.charAt(pos++)};
    }

    private char[] unicodeEscape() {
        char c = hex4();
        if (!Character.isSurrogate(c)) {
            return new char[] {c};
        }
        if (Character.isHighSurrogate(c) && text.startsWith("\\u", pos)) {
            pos += 2;
            char low = hex4();
            if (Character.isLowSurrogate(low)) {
                return new char[] {c, low};
            }
        }
        throw error("unpaired surrogate escape in string");
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                pos += i;
                throw error("invalid hex digit in \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            digits();
            integral = false;
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
            integral = false;
        }
        if (pos - start > MAX_NUMBER_CHARS) {
            pos = start;
            throw error("number longer than " + MAX_NUMBER_CHARS + " characters");
        }
        if (integral && pos - start <= 18) {
            // Shapes and offsets are short integers, and a header may hold millions of them: parse
            // in place, and let BigInteger.valueOf share its cached -16..16, so "[1,1,1,...]" costs
            // no String and no BigInteger per element (it cost 75 heap bytes per header byte).
            return BigInteger.valueOf(smallInteger(start, pos));
        }
        String s = text.substring(start, pos);
        if (integral) {
            return new BigInteger(s);
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            // BigDecimal keeps its scale in an int: "1e9223372036854775808" is valid JSON it cannot hold.
            pos = start;
            throw error("number " + s + " is out of range");
        }
    }

    /** The value of the integer literal text[from, to) of at most 18 characters: it fits a long. */
    private long smallInteger(int from, int to) {
        boolean negative = text.charAt(from) == '-';
        long v = 0;
        for (int i = negative ? from + 1 : from; i < to; i++) {
            v = v * 10 + (text.charAt(i) - '0');
        }
        return negative ? -v : v;
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal (expected " + word + ")");
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The next char, or -1 at the end. */
    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private char next(String expected) {
        if (pos >= text.length()) {
            throw error("unexpected end of JSON, expected " + expected);
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        char got = next("'" + c + "'");
        if (got != c) {
            pos--;
            throw error("expected '" + c + "' but found " + describe(got));
        }
    }

    private JsonSyntaxException error(String what) {
        return new JsonSyntaxException(what + " at character " + pos);
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /**
     * {@code s} made safe for a one-line error message: control characters and line separators
     * become {@code \\uXXXX} escapes, and anything past 80 characters becomes "...". Names and
     * values in a header are untrusted: a tensor named {@code "a\\nb"} must not split the message.
     */
    static String abbreviate(String s) {
        String cut = s.length() <= 80 ? s : s.substring(0, 77) + "...";
        StringBuilder sb = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
