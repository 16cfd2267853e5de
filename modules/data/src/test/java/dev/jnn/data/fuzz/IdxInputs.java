package dev.jnn.data.fuzz;

import dev.jnn.data.IdxReader;
import dev.jnn.testing.MutationFuzzer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Valid IDX seed files and the IDX-aware mutations of the fuzz targets. */
final class IdxInputs {
    /** Image seeds: count x rows x cols, including the smallest legal file. */
    static final List<byte[]> IMAGE_SEEDS = List.of(images(3, 2, 4), images(1, 1, 1), images(5, 3, 4), images(2, 28, 28));
    /** Label seeds, labels {@code i % 10}. */
    static final List<byte[]> LABEL_SEEDS = List.of(labels(7), labels(1), labels(12));

    private IdxInputs() {}

    static byte[] images(int count, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
        b.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; b.hasRemaining(); i++) {
            b.put((byte) (i * 37 + 11));
        }
        return b.array();
    }

    static byte[] labels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(IdxReader.LABELS_MAGIC).putInt(count);
        for (int i = 0; b.hasRemaining(); i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A raw IDX input: a seed with header-targeted and/or byte-level mutations. */
    static byte[] raw(List<byte[]> seeds, MutationFuzzer f) {
        SplittableRandom r = f.random();
        byte[] in = seeds.get(r.nextInt(seeds.size()));
        int choice = r.nextInt(10);
        if (choice < 4) {
            in = mutateHeader(in, f);
        } else if (choice < 8) {
            in = f.mutate(in);
        } else {
            in = f.mutate(mutateHeader(in, f));
        }
        return in;
    }

    /**
     * A gzip IDX input: mostly a mutated IDX file compressed (so the header checks run behind the
     * inflater), sometimes damage to the compressed bytes themselves, or two concatenated members.
     */
    static byte[] gz(List<byte[]> seeds, MutationFuzzer f) {
        SplittableRandom r = f.random();
        int choice = r.nextInt(10);
        if (choice < 6) {
            return gzip(raw(seeds, f));
        }
        if (choice < 9) {
            return f.mutate(gzip(seeds.get(r.nextInt(seeds.size()))));
        }
        byte[] whole = seeds.get(r.nextInt(seeds.size()));
        int cut = r.nextInt(whole.length + 1);
        byte[] a = gzip(Arrays.copyOf(whole, cut));
        byte[] b = gzip(Arrays.copyOfRange(whole, cut, whole.length));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * Changes one 32-bit header word: the magic (swapped, other element type or rank) or a
     * dimension (interesting value, off by one, doubled); half the time the body is then resized to
     * match the new header, so that deeper checks (label range, exact length) are reached.
     */
    static byte[] mutateHeader(byte[] in, MutationFuzzer f) {
        SplittableRandom r = f.random();
        int words = in.length >= 16 && readInt(in, 0) == IdxReader.IMAGES_MAGIC ? 4 : 2;
        int w = r.nextInt(words);
        int old = readInt(in, 4 * w);
        int value = switch (r.nextInt(5)) {
            case 0 -> f.interestingInt();
            case 1 -> old + (r.nextBoolean() ? 1 : -1);
            case 2 -> old * 2;
            case 3 -> w == 0 ? otherMagic(r) : r.nextInt(40);
            default -> old ^ (1 << r.nextInt(32));
        };
        byte[] out = MutationFuzzer.putInt(in, 4 * w, value, true);
        if (r.nextBoolean()) {
            long claimed = 1;
            for (int k = 1; k < words; k++) {
                claimed *= Integer.toUnsignedLong(readInt(out, 4 * k));
            }
            if (claimed <= 4096) {
                byte[] resized = Arrays.copyOf(out, 4 * words + (int) claimed);
                for (int i = out.length; i < resized.length; i++) {
                    resized[i] = (byte) r.nextInt(256);
                }
                out = resized;
            }
        }
        return out;
    }

    private static int otherMagic(SplittableRandom r) {
        int[] magics = {IdxReader.IMAGES_MAGIC, IdxReader.LABELS_MAGIC, 0x0802, 0x0804, 0x0903, 0x0B03, 0x0D01, 0x0E03,
            0x0803_0000, 0x0308_0000, 0x1F8B_0803};
        return magics[r.nextInt(magics.length)];
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
