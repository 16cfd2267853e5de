package dev.jnn.testing;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded, coverage-agnostic mutator of byte strings: bit flips, interesting byte/int/long values
 * in both byte orders, truncation, extension, chunk duplication and deletion. Format-aware
 * mutations (header words, JSON text) live in the targets and call {@link #interestingInt} and
 * friends.
 *
 * <p>Every iteration draws from its own generator, {@link #random(long, int)}, so a failure at
 * iteration {@code i} of seed {@code s} replays alone, without running the iterations before it.
 *
 */
public final class MutationFuzzer {
    private static final byte[] INTERESTING_BYTES = {0, 1, (byte) 0x7F, (byte) 0x80, (byte) 0xFF, 0x10, 0x20, 9, 10};

    private static final int[] INTERESTING_INTS = {
        0, 1, -1, 2, 8, 10, 16, 28, 255, 256, 0x7F, 0x80, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 1_000_000,
        0x7FFF_FFF7, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x0000_0801, 0x0000_0803, 0x0001_0000, 46_341, 65_536
    };

    private static final long[] INTERESTING_LONGS = {
        0, 1, -1, 8, 100_000_000L, 100_000_001L, Integer.MAX_VALUE, 0xFFFF_FFFFL, 1L << 32, 1_000_000_000_000L,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 7
    };

    private final SplittableRandom random;

    private MutationFuzzer(SplittableRandom random) {
        this.random = random;
    }

    /** The mutator for iteration {@code iteration} of a run seeded with {@code seed}. */
    public static MutationFuzzer forIteration(long seed, int iteration) {
        return new MutationFuzzer(random(seed, iteration));
    }

    /** The generator of one iteration: independent of every other iteration's. */
    public static SplittableRandom random(long seed, int iteration) {
        // SplittableRandom mixes its seed with a 64-bit finaliser, so nearby seeds are unrelated.
        return new SplittableRandom(seed * 0x9E37_79B9_7F4A_7C15L + iteration);
    }

    /** This iteration's generator, for format-aware mutations. */
    public SplittableRandom random() {
        return random;
    }

    public int interestingInt() {
        return INTERESTING_INTS[random.nextInt(INTERESTING_INTS.length)];
    }

    public long interestingLong() {
        return INTERESTING_LONGS[random.nextInt(INTERESTING_LONGS.length)];
    }

    /** Applies one to four random byte-level mutations to a copy of {@code input}. */
    public byte[] mutate(byte[] input) {
        byte[] out = input.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            out = mutateOnce(out);
        }
        return out;
    }

    private byte[] mutateOnce(byte[] in) {
        if (in.length == 0) {
            return extend(in);
        }
        return switch (random.nextInt(10)) {
            case 0 -> flipBit(in);
            case 1 -> setByte(in, INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)]);
            case 2 -> setByte(in, (byte) random.nextInt(256));
            case 3 -> putInt(in, random.nextInt(in.length), interestingInt(), random.nextBoolean());
            case 4 -> putLong(in, random.nextInt(in.length), interestingLong(), random.nextBoolean());
            case 5 -> Arrays.copyOf(in, random.nextInt(in.length)); // truncate
            case 6 -> extend(in);
            case 7 -> duplicateChunk(in);
            case 8 -> deleteChunk(in);
            default -> {
                // An arithmetic nudge of one byte finds off-by-one checks that a random value rarely hits.
                int i = random.nextInt(in.length);
                byte[] out = in.clone();
                out[i] += (byte) (random.nextBoolean() ? 1 : -1);
                yield out;
            }
        };
    }

    private byte[] flipBit(byte[] in) {
        byte[] out = in.clone();
        out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        return out;
    }

    private byte[] setByte(byte[] in, byte value) {
        byte[] out = in.clone();
        out[random.nextInt(out.length)] = value;
        return out;
    }

    /** Writes {@code value} at {@code at} (clipped at the end), big- or little-endian. */
    public static byte[] putInt(byte[] in, int at, int value, boolean bigEndian) {
        byte[] out = in.clone();
        for (int k = 0; k < 4 && at + k < out.length; k++) {
            int shift = bigEndian ? 24 - 8 * k : 8 * k;
            out[at + k] = (byte) (value >>> shift);
        }
        return out;
    }

    /** Writes {@code value} at {@code at} (clipped at the end), big- or little-endian. */
    public static byte[] putLong(byte[] in, int at, long value, boolean bigEndian) {
        byte[] out = in.clone();
        for (int k = 0; k < 8 && at + k < out.length; k++) {
            int shift = bigEndian ? 56 - 8 * k : 8 * k;
            out[at + k] = (byte) (value >>> shift);
        }
        return out;
    }

    private byte[] extend(byte[] in) {
        int extra = 1 + random.nextInt(random.nextBoolean() ? 8 : 256);
        byte[] out = Arrays.copyOf(in, in.length + extra);
        boolean zeros = random.nextBoolean();
        for (int i = in.length; i < out.length; i++) {
            out[i] = zeros ? 0 : (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] duplicateChunk(byte[] in) {
        int from = random.nextInt(in.length);
        int len = 1 + random.nextInt(Math.min(64, in.length - from));
        int to = random.nextInt(in.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + len);
        out.write(in, 0, to);
        out.write(in, from, len);
        out.write(in, to, in.length - to);
        return out.toByteArray();
    }

    private byte[] deleteChunk(byte[] in) {
        int from = random.nextInt(in.length);
        int len = 1 + random.nextInt(Math.min(64, in.length - from));
        byte[] out = new byte[in.length - len];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, from + len, out, from, in.length - from - len);
        return out;
    }
}
