package dev.jnn.nn;

import java.math.BigDecimal;

/** Number formatting for {@link Layer#toString()} that matches Python's, so reprs equal PyTorch's. */
final class Repr {
    private Repr() {
    }

    /**
     * A float as Python's {@code repr(float)} writes it: the shortest digits that read back
     * exactly, positional for exponents -4..15 ({@code 0.1}, {@code 0.0001}, {@code 5.0}), else
     * scientific with a signed two-digit exponent ({@code 1e-05}).
     */
    static String pyFloat(float v) {
        // Through the float's shortest decimal, so 0.2f prints as Python's 0.2, not 0.20000000298023224.
        return pyFloat(Double.parseDouble(Float.toString(v)));
    }

    /** {@link #pyFloat(float)} for a double. */
    static String pyFloat(double v) {
        if (v == 0) return Double.doubleToRawLongBits(v) < 0 ? "-0.0" : "0.0";
        // Double.toString gives the shortest round-tripping digits; only the layout differs from Python.
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = d.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** A size as PyTorch prints a pooling argument: {@code 2} when both sides agree, else {@code (3, 2)}. */
    static String size(int h, int w) {
        return h == w ? Integer.toString(h) : "(" + h + ", " + w + ")";
    }
}
