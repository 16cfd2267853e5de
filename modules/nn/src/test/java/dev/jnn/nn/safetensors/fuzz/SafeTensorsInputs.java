package dev.jnn.nn.safetensors.fuzz;

import dev.jnn.testing.MutationFuzzer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Valid safetensors seed files and the header-aware mutations of the fuzz target. */
final class SafeTensorsInputs {
    /** Header JSON of each seed; the data buffer is made to match it. */
    private static final List<String> SEED_HEADERS = List.of(
            "{\"__metadata__\":{\"format\":\"pt\"},"
                    + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[24,36]},"
                    + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[36,44]}}",
            "{\"u\":{\"dtype\":\"U8\",\"shape\":[5],\"data_offsets\":[18,23]},"
                    + "\"e\":{\"dtype\":\"BF16\",\"shape\":[0,4],\"data_offsets\":[0,0]},"
                    + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                    + "\"h\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[8,12]},"
                    + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[12,16]},"
                    + "\"s\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[16,18]},"
                    + "\"k\":{\"dtype\":\"BOOL\",\"shape\":[1,1,1],\"data_offsets\":[23,24]},"
                    + "\"j\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[24,25]}}",
            "{}",
            "{\"__metadata__\":{\"a\":\"\\u00e9\\n\",\"b\":\"\"},\"t\u00e9\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
    private static final int[] SEED_DATA_BYTES = {44, 25, 0, 4};

    /** The seeds as files: header padded with spaces to 8 bytes, as the writer does. */
    static final List<byte[]> SEEDS = seeds();

    private static final String[] NUMBERS = {
        "0", "1", "2", "-1", "-0", "00", "1.0", "0.5", "1e12", "1E3", "1e999", "1e2147483648", "1E-2147483649", "4", "24", "2147483647", "2147483648",
        "4294967296", "1000000000000", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "1" + "0".repeat(70), "-9223372036854775808", "99999999999999999999"
    };
    private static final String[] DTYPES = {
        "F32", "F64", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "U64", "U32", "C64",
        "f32", "", "F32 ", "\\u0046\\u0033\\u0032", "\\u0000"
    };
    private static final String[] TOKENS = {
        ",", ":", "{", "}", "[", "]", "\"", "\\", "\\u0000", "\\ud800", "\\udc00\\ud800", "\\n", "\\r\\n", " ", "null",
        "true", "\"x\"", "\u00e9", "\ud83d\ude00", "\t", "\u0001", "\u2028", "\"__metadata__\"", "\"dtype\"", "[]", "{}",
        "\"\":{}", "-", "e", ".", "\ufeff"
    };
    private static final String[] NAMES = {
        "__metadata__", "", "a\\nb", "\\u2028", "\\\"", "w", "b", "x".repeat(300), "\\ud83d\\ude00", "\\t"
    };
    private static final Pattern DIGITS = Pattern.compile("-?[0-9]+");
    private static final Pattern DTYPE_VALUE = Pattern.compile("\"dtype\":\"([^\"]*)\"");
    private static final Pattern ENTRY = Pattern.compile("\"[^\"]*\":\\{[^{}]*\\}");
    private static final Pattern LIST = Pattern.compile("\\[[^\\[\\]]*\\]");
    private static final Pattern KEY = Pattern.compile("\"([^\"]*)\":");

    private SafeTensorsInputs() {}

    private static List<byte[]> seeds() {
        List<byte[]> out = new ArrayList<>();
        for (int s = 0; s < SEED_HEADERS.size(); s++) {
            byte[] data = new byte[SEED_DATA_BYTES[s]];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 29 + 3);
            }
            String h = SEED_HEADERS.get(s);
            int pad = (8 - h.getBytes(StandardCharsets.UTF_8).length % 8) % 8;
            out.add(file(h + " ".repeat(pad), data));
        }
        return List.copyOf(out);
    }

    /** A file: the header's UTF-8 length (little-endian u64), the header, the data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }

    /** The header length field of a file of at least 8 bytes. */
    static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** One input: JSON-aware, length-field and/or byte-level mutations of a seed. */
    static byte[] next(MutationFuzzer f) {
        SplittableRandom r = f.random();
        byte[] seed = SEEDS.get(r.nextInt(SEEDS.size()));
        int n = (int) headerLength(seed);
        String header = new String(seed, 8, n, StandardCharsets.UTF_8);
        byte[] data = java.util.Arrays.copyOfRange(seed, 8 + n, seed.length);
        int choice = r.nextInt(10);
        if (choice < 2) {
            return f.mutate(seed);
        }
        int rounds = 1 + r.nextInt(3);
        for (int k = 0; k < rounds; k++) {
            header = mutateJson(header, f);
        }
        byte[] out = file(header, data);
        if (choice == 2) {
            // Keep the seed's length field: the JSON and the data boundary now disagree.
            out = MutationFuzzer.putLong(out, 0, n, false);
        } else if (choice == 3) {
            long len = r.nextBoolean() ? f.interestingLong() : headerLength(out) + r.nextInt(-9, 10);
            out = MutationFuzzer.putLong(out, 0, len, false);
        } else if (choice == 4) {
            out = f.mutate(out);
        }
        return out;
    }

    /** One mutation of the header text aimed at a check of the reader. */
    static String mutateJson(String h, MutationFuzzer f) {
        SplittableRandom r = f.random();
        return switch (r.nextInt(10)) {
            case 0, 1 -> replaceOne(h, DIGITS, pick(r, NUMBERS), r);
            case 2 -> replaceGroup(h, DTYPE_VALUE, pick(r, DTYPES), r);
            case 3 -> duplicateEntry(h, r);
            case 4 -> replaceOne(h, LIST, nested(r), r);
            case 5 -> insert(h, pick(r, TOKENS), r);
            case 6 -> deleteSpan(h, r);
            case 7 -> replaceGroup(h, KEY, pick(r, new String[] {"dtype", "shape", "data_offsets", "extra", "__metadata__"}), r);
            case 8 -> replaceGroup(h, KEY, pick(r, NAMES), r);
            default -> replaceOne(h, LIST, pick(r, new String[] {"[]", "[1,2,3]", "[0,0]", "null", "{}", "\"2\"",
                "[1.5]", "[-1]", "[[]]", "[1000000,1000000]", "[0,4000000000000]", "[4294967296,4294967296]"}), r);
        };
    }

    private static String pick(SplittableRandom r, String[] choices) {
        return choices[r.nextInt(choices.length)];
    }

    /** Nesting around the 64-level limit, and far past it. */
    private static String nested(SplittableRandom r) {
        int[] depths = {1, 2, 61, 62, 63, 64, 65, 1000};
        int d = depths[r.nextInt(depths.length)];
        return r.nextBoolean() ? "[".repeat(d) + "]".repeat(d) : "{\"a\":".repeat(d) + "1" + "}".repeat(d);
    }

    private static String replaceOne(String h, Pattern p, String with, SplittableRandom r) {
        List<int[]> spans = spans(h, p, 0);
        if (spans.isEmpty()) {
            return insert(h, with, r);
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        return h.substring(0, s[0]) + with + h.substring(s[1]);
    }

    private static String replaceGroup(String h, Pattern p, String with, SplittableRandom r) {
        List<int[]> spans = spans(h, p, 1);
        if (spans.isEmpty()) {
            return insert(h, with, r);
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        return h.substring(0, s[0]) + with + h.substring(s[1]);
    }

    private static List<int[]> spans(String h, Pattern p, int group) {
        List<int[]> out = new ArrayList<>();
        Matcher m = p.matcher(h);
        while (m.find()) {
            out.add(new int[] {m.start(group), m.end(group)});
        }
        return out;
    }

    /** Repeats one {@code "name":{...}} entry right after itself: a duplicate key, or a renamed twin. */
    private static String duplicateEntry(String h, SplittableRandom r) {
        List<int[]> spans = spans(h, ENTRY, 0);
        if (spans.isEmpty()) {
            return h;
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        String entry = h.substring(s[0], s[1]);
        String twin = r.nextBoolean() ? entry : "\"" + "twin" + r.nextInt(3) + entry.substring(1);
        return h.substring(0, s[1]) + "," + twin + h.substring(s[1]);
    }

    private static String insert(String h, String what, SplittableRandom r) {
        int at = r.nextInt(h.length() + 1);
        return h.substring(0, at) + what + h.substring(at);
    }

    private static String deleteSpan(String h, SplittableRandom r) {
        if (h.isEmpty()) {
            return h;
        }
        int from = r.nextInt(h.length());
        int to = Math.min(h.length(), from + 1 + r.nextInt(12));
        return h.substring(0, from) + h.substring(to);
    }
}
